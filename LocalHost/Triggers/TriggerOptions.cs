using System.ComponentModel.DataAnnotations;

namespace FunctionApp.Hosting;

/// <summary>
/// How the app delivers its own queue and timer functions when it runs standalone (<see cref="StandaloneTriggerRunner"/>),
/// bound from <c>Triggers</c>. The defaults are host.json's <c>extensions.queues</c> values, so a message is delivered
/// the same number of times, as often and as concurrently as the Functions host would on Azure.
/// </summary>
internal sealed class TriggerOptions
{
    public const string SectionName = "Triggers";

    /// <summary>Names this app's timer status blobs, as the host id does the host's; apps sharing a storage account need their own.</summary>
    [Required, RegularExpression("^[A-Za-z0-9-]{1,32}$")]
    public string HostId { get; set; } = "standalone";

    /// <summary>Messages fetched in one receive (host.json <c>batchSize</c>; at most 32).</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 32;

    /// <summary>A new batch is fetched once no more than this many messages are still running (host.json <c>newBatchThreshold</c>).</summary>
    [Range(0, 1000)]
    public int NewBatchThreshold { get; set; } = 16;

    /// <summary>Deliveries before a failing message moves to <c>{queue}-poison</c> (host.json <c>maxDequeueCount</c>).</summary>
    [Range(1, 1000)]
    public int MaxDequeueCount { get; set; } = 10;

    /// <summary>How long a failed message stays invisible before its next delivery (host.json <c>visibilityTimeout</c>).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a received message stays invisible before its lease is renewed (at half of it) while its function runs;
    /// also how soon a message comes back whose receive answer was lost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00", ErrorMessage = "Triggers:MessageLease must be 2 seconds to 10 minutes.")]
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between polls of an empty queue (the wait doubles from 100 ms while it stays empty).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);
}
