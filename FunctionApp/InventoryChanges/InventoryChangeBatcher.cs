using System.Diagnostics;
using FunctionApp.Connectors;
using FunctionApp.Telemetry;
using Microsoft.Extensions.Options;

namespace FunctionApp.InventoryChanges;

/// <summary>
/// Gathers the changes of concurrent queue invocations into one ERP call: a batch goes out when it holds
/// <see cref="InventoryChangeOptions.MaxBatchSize"/> changes or its oldest has waited <see cref="InventoryChangeOptions.MaxBatchAge"/>,
/// and each invocation gets its own change's outcome from that call.
/// </summary>
/// <remarks>
/// A batch is bounded by what arrives concurrently (the host's or the standalone runner's batch of deliveries), so
/// the size trigger fires under load and the age trigger when traffic is light. A change that appears twice in a batch
/// (sent twice by the warehouse, say) is sent once and both waiters get its outcome. The call is not tied to any one
/// invocation: a cancelled invocation stops waiting, but the batch still goes out for the others.
/// </remarks>
internal sealed partial class InventoryChangeBatcher : IDisposable
{
    private readonly Func<IReadOnlyList<ErpStockAdjustment>, CancellationToken, Task<IReadOnlyList<ErpStockAdjustmentResult>>> _send;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _maxBatchAge;
    private readonly TimeProvider _time;
    private readonly ILogger<InventoryChangeBatcher> _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private List<Pending> _filling = [];
    private long _fillingNumber;

    public InventoryChangeBatcher(
        Func<IReadOnlyList<ErpStockAdjustment>, CancellationToken, Task<IReadOnlyList<ErpStockAdjustmentResult>>> send,
        IOptions<InventoryChangeOptions> options,
        TimeProvider time,
        ILogger<InventoryChangeBatcher> logger)
    {
        _send = send;
        _maxBatchSize = options.Value.MaxBatchSize;
        _maxBatchAge = options.Value.MaxBatchAge;
        _time = time;
        _logger = logger;
        _stoppingToken = _stopping.Token;
    }

    /// <summary>Adds the change to the batch being filled and waits for its outcome.</summary>
    public Task<InventoryChangeOutcome> SubmitAsync(InventoryChange change, CancellationToken cancellationToken)
    {
        var pending = new Pending(change, new TaskCompletionSource<InventoryChangeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously), Activity.Current?.Context ?? default);
        List<Pending>? full = null;
        long? started = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stoppingToken.IsCancellationRequested, this);
            _filling.Add(pending);
            if (_filling.Count >= _maxBatchSize)
            {
                full = TakeFilling();
            }
            else if (_filling.Count == 1)
            {
                started = _fillingNumber;
            }
        }

        if (full is not null)
        {
            _ = FlushAsync(full);
        }
        else if (started is { } number)
        {
            _ = FlushWhenOldAsync(number);
        }

        return pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Fails what is still waiting (its messages come back) and cancels the calls in flight.</summary>
    public void Dispose()
    {
        List<Pending> left;
        lock (_lock)
        {
            if (_stoppingToken.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            left = TakeFilling();
        }

        foreach (var pending in left)
        {
            pending.Outcome.TrySetResult(InventoryChangeOutcome.Failed("The app is shutting down."));
        }

        _stopping.Dispose();
    }

    private List<Pending> TakeFilling()
    {
        var batch = _filling;
        _filling = [];
        _fillingNumber++;
        return batch;
    }

    private async Task FlushWhenOldAsync(long number)
    {
        try
        {
            await Task.Delay(_maxBatchAge, _time, _stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        List<Pending> batch;
        lock (_lock)
        {
            if (_fillingNumber != number || _filling.Count == 0)
            {
                return; // it filled up and went out already
            }

            batch = TakeFilling();
        }

        await FlushAsync(batch);
    }

    private async Task FlushAsync(List<Pending> batch)
    {
        await Task.Yield(); // never run the call on a submitter's stack
        var adjustments = batch
            .Select(p => p.Change)
            .DistinctBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new ErpStockAdjustment(c.Id, c.Sku, c.Delta, c.OccurredAt))
            .ToList();
        // Part of the first change's trace, linked to the others': one ERP call serves changes from many deliveries.
        using var span = IntegrationTelemetry.Source.StartActivity(
            "erp stock-adjustments batch", ActivityKind.Internal, batch[0].Trace,
            links: batch.Skip(1).Where(p => p.Trace != default).Select(p => new ActivityLink(p.Trace)));
        span?.SetTag("acme.batch.adjustments", adjustments.Count);
        IReadOnlyList<ErpStockAdjustmentResult> results;
        try
        {
            results = await _send(adjustments, _stoppingToken);
        }
        catch (Exception e)
        {
            // Every waiter gets the failure (its message is delivered again later); nothing is left hanging.
            LogBatchFailed(_logger, e, adjustments.Count);
            var failed = InventoryChangeOutcome.Failed(e is OperationCanceledException ? "The app is shutting down." : e.Message);
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetResult(failed);
            }

            return;
        }

        var byKey = new Dictionary<string, ErpStockAdjustmentResult>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            byKey.TryAdd(result.IdempotencyKey, result);
        }

        foreach (var pending in batch)
        {
            var outcome = byKey.TryGetValue(pending.Change.Id, out var result)
                ? OutcomeOf(result)
                : InventoryChangeOutcome.Failed("The ERP's answer had no result for this change.");
            using (var change = IntegrationTelemetry.Source.StartActivity(
                "inventory-change " + outcome.Kind.ToString().ToLowerInvariant(), ActivityKind.Internal, pending.Trace, links: span is null ? null : [new ActivityLink(span.Context)]))
            {
                change?.SetTag("acme.change_id", pending.Change.Id).SetTag("acme.sku", pending.Change.Sku).SetTag("acme.outcome", outcome.Kind.ToString());
            }

            pending.Outcome.TrySetResult(outcome);
        }

        LogBatchSent(_logger, adjustments.Count, batch.Count);
    }

    private static InventoryChangeOutcome OutcomeOf(ErpStockAdjustmentResult result) => result.Status switch
    {
        ErpStockAdjustmentResult.Applied or ErpStockAdjustmentResult.Duplicate => InventoryChangeOutcome.Applied,
        ErpStockAdjustmentResult.Rejected => InventoryChangeOutcome.Rejected($"Rejected by the ERP: {result.Error ?? "no reason given"}"),
        _ => InventoryChangeOutcome.Failed($"The ERP answered an unknown status '{result.Status}'."),
    };

    [LoggerMessage(EventId = 1, EventName = "ErpBatchSent", Level = LogLevel.Debug, Message = "Sent {Adjustments} adjustments to the ERP for {Changes} deliveries.")]
    private static partial void LogBatchSent(ILogger logger, int adjustments, int changes);

    [LoggerMessage(EventId = 2, EventName = "ErpBatchFailed", Level = LogLevel.Warning, Message = "An ERP call with {Adjustments} adjustments failed; their messages will be delivered again.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int adjustments);

    private sealed record Pending(InventoryChange Change, TaskCompletionSource<InventoryChangeOutcome> Outcome, ActivityContext Trace);
}
