using System.Collections.Concurrent;
using FunctionApp.Connectors;
using FunctionApp.InventoryChanges;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FunctionApp.Tests.InventoryChanges;

/// <summary>The batcher on its own, with a scripted ERP and fake time: when a batch goes out, and who gets which outcome.</summary>
public sealed class InventoryChangeBatcherTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentQueue<IReadOnlyList<ErpStockAdjustment>> _calls = new();
    private Func<IReadOnlyList<ErpStockAdjustment>, IReadOnlyList<ErpStockAdjustmentResult>> _erp =
        batch => [.. batch.Select(a => new ErpStockAdjustmentResult(a.IdempotencyKey, ErpStockAdjustmentResult.Applied, null))];

    private InventoryChangeBatcher? _batcher;

    public void Dispose() => _batcher?.Dispose();

    [Fact]
    public async Task A_batch_goes_out_in_one_call_as_soon_as_it_holds_MaxBatchSize_changes()
    {
        var batcher = Batcher(maxBatchSize: 3, maxBatchAge: TimeSpan.FromHours(1));

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 3).Select(i => batcher.SubmitAsync(Change($"c{i}"), CancellationToken.None))).WaitAsync(Wait);

        Assert.All(outcomes, o => Assert.Equal(InventoryChangeOutcomeKind.Applied, o.Kind));
        Assert.Equal(["c1", "c2", "c3"], Assert.Single(_calls).Select(a => a.IdempotencyKey).Order());
    }

    [Fact]
    public async Task A_partial_batch_waits_for_MaxBatchAge_then_goes_out_in_one_call()
    {
        var batcher = Batcher(maxBatchSize: 10, maxBatchAge: TimeSpan.FromMilliseconds(500));

        var first = batcher.SubmitAsync(Change("a"), CancellationToken.None);
        var second = batcher.SubmitAsync(Change("b"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        var sentBeforeItsAge = _calls.Count;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(first, second).WaitAsync(Wait);

        Assert.Equal(0, sentBeforeItsAge);
        Assert.Equal(["a", "b"], Assert.Single(_calls).Select(a => a.IdempotencyKey).Order());
    }

    [Fact]
    public async Task Changes_after_a_full_batch_start_the_next_batch()
    {
        var batcher = Batcher(maxBatchSize: 2, maxBatchAge: TimeSpan.FromMilliseconds(500));

        var full = new[] { batcher.SubmitAsync(Change("a"), CancellationToken.None), batcher.SubmitAsync(Change("b"), CancellationToken.None) };
        await Task.WhenAll(full).WaitAsync(Wait);
        var late = batcher.SubmitAsync(Change("c"), CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await late.WaitAsync(Wait);

        Assert.Equal([["a", "b"], ["c"]], _calls.Select(call => call.Select(a => a.IdempotencyKey).Order().ToArray()));
    }

    [Fact]
    public async Task A_change_delivered_twice_into_one_batch_is_sent_once_and_both_deliveries_get_its_outcome()
    {
        var batcher = Batcher(maxBatchSize: 3, maxBatchAge: TimeSpan.FromHours(1));

        var outcomes = await Task.WhenAll(
            batcher.SubmitAsync(Change("same"), CancellationToken.None),
            batcher.SubmitAsync(Change("other"), CancellationToken.None),
            batcher.SubmitAsync(Change("same"), CancellationToken.None)).WaitAsync(Wait);

        Assert.All(outcomes, o => Assert.Equal(InventoryChangeOutcomeKind.Applied, o.Kind));
        Assert.Equal(["other", "same"], Assert.Single(_calls).Select(a => a.IdempotencyKey).Order());
    }

    [Fact]
    public async Task Each_change_gets_its_own_result_applied_duplicate_rejected_or_missing()
    {
        _erp = batch => [
            new("applied", ErpStockAdjustmentResult.Applied, null),
            new("duplicate", ErpStockAdjustmentResult.Duplicate, null),
            new("rejected", ErpStockAdjustmentResult.Rejected, "SKU is blocked in the ERP"),
        ];
        var batcher = Batcher(maxBatchSize: 4, maxBatchAge: TimeSpan.FromHours(1));

        var outcomes = await Task.WhenAll(new[] { "applied", "duplicate", "rejected", "missing" }
            .Select(id => batcher.SubmitAsync(Change(id), CancellationToken.None))).WaitAsync(Wait);

        Assert.Equal(InventoryChangeOutcomeKind.Applied, outcomes[0].Kind);
        Assert.Equal(InventoryChangeOutcomeKind.Applied, outcomes[1].Kind);
        Assert.Equal(InventoryChangeOutcomeKind.Rejected, outcomes[2].Kind);
        Assert.Contains("SKU is blocked in the ERP", outcomes[2].Reason, StringComparison.Ordinal);
        Assert.Equal(InventoryChangeOutcomeKind.Failed, outcomes[3].Kind);
    }

    [Fact]
    public async Task A_failed_call_fails_every_change_of_its_batch_with_the_reason()
    {
        _erp = _ => throw new IntegrationException(ErpClient.System, 503, "HTTP 503: unavailable");
        var batcher = Batcher(maxBatchSize: 2, maxBatchAge: TimeSpan.FromHours(1));

        var outcomes = await Task.WhenAll(batcher.SubmitAsync(Change("a"), CancellationToken.None), batcher.SubmitAsync(Change("b"), CancellationToken.None)).WaitAsync(Wait);

        Assert.All(outcomes, o =>
        {
            Assert.Equal(InventoryChangeOutcomeKind.Failed, o.Kind);
            Assert.Contains("HTTP 503", o.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_cancelled_delivery_stops_waiting_but_the_batch_still_goes_out_for_the_others()
    {
        var batcher = Batcher(maxBatchSize: 2, maxBatchAge: TimeSpan.FromHours(1));
        using var cancelled = new CancellationTokenSource();

        var gaveUp = batcher.SubmitAsync(Change("a"), cancelled.Token);
        await cancelled.CancelAsync();
        var other = await batcher.SubmitAsync(Change("b"), CancellationToken.None).WaitAsync(Wait);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        Assert.Equal(InventoryChangeOutcomeKind.Applied, other.Kind);
        Assert.Equal(["a", "b"], Assert.Single(_calls).Select(a => a.IdempotencyKey).Order());
    }

    [Fact]
    public async Task Stopping_the_app_fails_the_changes_still_waiting_so_their_messages_come_back()
    {
        var batcher = Batcher(maxBatchSize: 10, maxBatchAge: TimeSpan.FromHours(1));

        var waiting = batcher.SubmitAsync(Change("a"), CancellationToken.None);
        batcher.Dispose();
        var outcome = await waiting.WaitAsync(Wait);

        Assert.Equal(InventoryChangeOutcomeKind.Failed, outcome.Kind);
        Assert.Empty(_calls);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.SubmitAsync(Change("b"), CancellationToken.None));
    }

    private static InventoryChange Change(string id) => new(id, "SKU-1", 1, null);

    private InventoryChangeBatcher Batcher(int maxBatchSize, TimeSpan maxBatchAge)
    {
        var options = Options.Create(new InventoryChangeOptions { MaxBatchSize = maxBatchSize, MaxBatchAge = maxBatchAge, WebhookSecret = "unused" });
        _batcher = new InventoryChangeBatcher(
            (batch, _) =>
            {
                _calls.Enqueue(batch);
                return Task.FromResult(_erp(batch));
            },
            options,
            _time,
            NullLogger<InventoryChangeBatcher>.Instance);
        return _batcher;
    }
}
