using System.Diagnostics.Metrics;
using FunctionApp.InventoryChanges;

namespace FunctionApp.Telemetry;

/// <summary>
/// The inventory-change queue's depth, the age of its oldest message and the poison count, as gauges. Reading a queue
/// takes storage calls, so the queues are read in the background, every <c>InventoryChanges:GaugeInterval</c> (30 s by
/// default), and the gauges report the last reading.
/// </summary>
internal sealed partial class InventoryQueueGauges : BackgroundService
{
    private readonly InventoryChangeQueues _queues;
    private readonly TimeProvider _time;
    private readonly ILogger<InventoryQueueGauges> _logger;
    private readonly TimeSpan _interval;
    private volatile InventoryQueueDepth? _last;

    public InventoryQueueGauges(InventoryChangeQueues queues, TimeProvider time, IConfiguration configuration, ILogger<InventoryQueueGauges> logger)
    {
        _interval = configuration.GetValue<TimeSpan?>("InventoryChanges:GaugeInterval") is { } interval && interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(30);
        _queues = queues;
        _time = time;
        _logger = logger;
        var queue = new KeyValuePair<string, object?>("messaging.destination.name", queues.QueueName);
        IntegrationTelemetry.Meter.CreateObservableGauge("acme.inventory_changes.queue.depth", () => Read(d => d.Waiting, queue), "{message}", "Inventory changes waiting in the queue.");
        IntegrationTelemetry.Meter.CreateObservableGauge("acme.inventory_changes.queue.oldest_age", () => Read(d => d.OldestAge.TotalSeconds, queue), "s", "How long the oldest waiting inventory change has waited.");
        IntegrationTelemetry.Meter.CreateObservableGauge("acme.inventory_changes.poisoned", () => Read(d => d.Poisoned, queue), "{message}", "Inventory changes in the poison queue.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        do
        {
            try
            {
                _last = await _queues.MeasureAsync(_time.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(_logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IEnumerable<Measurement<T>> Read<T>(Func<InventoryQueueDepth, T> value, KeyValuePair<string, object?> queue)
        where T : struct =>
        _last is { } last ? [new Measurement<T>(value(last), queue)] : [];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the inventory-change queues for their gauges; trying again later.")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
