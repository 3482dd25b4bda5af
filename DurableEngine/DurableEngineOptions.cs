using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace DurableEngine;

/// <summary>Settings of the durable engine, bound from the <c>Durable</c> configuration section.</summary>
public sealed class DurableEngineOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Durable";

    /// <summary>
    /// Prefix of every table, queue and container of this hub (letters and digits, starting with a letter), so several hubs
    /// share one storage account without touching each other.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,40}$", ErrorMessage = "The task hub name must be 3 to 41 letters or digits and start with a letter.")]
    public string TaskHubName { get; set; } = "AcmeHub";

    /// <summary>How many control queues orchestration messages are spread over (by instance id).</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>Deliveries after which a message that keeps failing is moved to the poison queue.</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a received message stays hidden while it is processed (activities renew it while they run).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two polls of an idle queue. Messages this process sends wake it at once.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Activities run at once by this process.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 32;

    /// <summary>Orchestration work items (instances) processed at once by this process.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 32;

    /// <summary>
    /// Whether this process polls the hub's queues. Off when a host (the Azure Functions host) delivers the messages instead.
    /// </summary>
    public bool DispatchersEnabled { get; set; } = true;

    /// <summary>Attempts to deliver a completion notice to the observers (callbacks) before it goes to the poison queue.</summary>
    [Range(1, 50)]
    public int MaxCompletionNoticeAttempts { get; set; } = 8;

    /// <summary>The JSON settings for inputs, outputs and events.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
