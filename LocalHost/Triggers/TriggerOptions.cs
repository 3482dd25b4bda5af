using System.ComponentModel.DataAnnotations;

namespace LocalHost.Triggers;

/// <summary>
/// How queue triggers deliver messages: host.json's <c>extensions.queues</c> (bound from it, so a message is delivered
/// as many times, as often and as concurrently as the Functions host delivers it on Azure), and what only this host needs.
/// </summary>
internal sealed class QueueTriggerOptions
{
    public const string SectionName = "AzureFunctionsJobHost:extensions:queues";

    /// <summary>Messages fetched in one receive (at most 32).</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>A new batch is fetched once no more than this many messages are still running.</summary>
    [Range(0, 1000)]
    public int NewBatchThreshold { get; set; } = 8;

    /// <summary>Deliveries before a failing message moves to <c>{queue}-poison</c>.</summary>
    [Range(1, 1000)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a failed message stays invisible before its next delivery.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>The longest wait between polls of an empty queue (the wait doubles from 100 ms while it stays empty).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>What LocalHost's triggers need beyond host.json, bound from <c>LocalHost</c>.</summary>
internal sealed class LocalTriggerOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>Names this host's timer status blobs, as the host id does the Functions host's; hosts sharing a storage account need their own.</summary>
    [Required, RegularExpression("^[A-Za-z0-9-]{1,32}$")]
    public string HostId { get; set; } = "localhost";

    /// <summary>
    /// How long a delivered message stays invisible before its lease is renewed (at half of it) while its function runs;
    /// also how soon a message comes back whose receive answer was lost. The Functions host uses 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00", ErrorMessage = "LocalHost:MessageLease must be 2 seconds to 10 minutes.")]
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromSeconds(30);
}
