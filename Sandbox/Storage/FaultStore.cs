using Azure;
using Azure.Data.Tables;

namespace Sandbox.Storage;

/// <summary>The faults armed per system, one row each, shared by every process that uses the same tables.</summary>
internal sealed class FaultStore(SandboxTables tables, TimeProvider time)
{
    private const string Partition = "faults";
    private const string FailNextProperty = "FailNext";
    private const string StatusProperty = "Status";
    private const string DelayMsProperty = "DelayMs";
    private const string FailEveryProperty = "FailEvery";
    private const string AfterApplyProperty = "AfterApply";
    private const string SeenProperty = "Seen";
    private const int MaxAttempts = 100;

    public async Task<FaultState> GetAsync(string system, CancellationToken cancellationToken)
    {
        var table = await tables.Faults.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, system, cancellationToken: cancellationToken);
        return found.HasValue ? ToState(system, found.Value!) : FaultState.None(system);
    }

    public async Task SetAsync(FaultState state, CancellationToken cancellationToken)
    {
        var table = await tables.Faults.GetAsync(cancellationToken);
        var entity = new TableEntity(Partition, state.System)
        {
            [FailNextProperty] = state.FailNext,
            [StatusProperty] = state.Status,
            [DelayMsProperty] = state.DelayMs,
            [FailEveryProperty] = state.FailEvery,
            [AfterApplyProperty] = state.AfterApply,
            [SeenProperty] = 0L,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task ClearAsync(string system, CancellationToken cancellationToken)
    {
        var table = await tables.Faults.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(Partition, system, ETag.All, cancellationToken);
    }

    /// <summary>
    /// Takes one armed fault, if any: decrements <see cref="FaultState.FailNext"/> and returns the state as it was
    /// before; or, once those are used up and <see cref="FaultState.FailEvery"/> is set, counts the request and returns
    /// the state when the count is a multiple of it; otherwise returns null.
    /// </summary>
    /// <remarks>
    /// The decrement (or count) is conditional on the ETag that was read, so concurrent requests, in this process or
    /// another, take exactly as many faults as were armed; the loser of a race reads again and retries.
    /// </remarks>
    public async Task<FaultState?> TryTakeAsync(string system, CancellationToken cancellationToken)
    {
        var table = await tables.Faults.GetAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, system, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }

            var entity = found.Value!;
            var state = ToState(system, entity);
            if (!state.IsArmed)
            {
                return null;
            }

            FaultState? taken;
            if (state.FailNext > 0)
            {
                entity[FailNextProperty] = state.FailNext - 1;
                taken = state;
            }
            else
            {
                var seen = state.Seen + 1;
                entity[SeenProperty] = seen;
                taken = seen % state.FailEvery == 0 ? state with { Seen = seen } : null;
            }

            try
            {
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return taken;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404 && attempt < MaxAttempts)
            {
                // Someone else changed or cleared the row since we read it; spread the retries a little.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10)), time, cancellationToken);
            }
        }
    }

    private static FaultState ToState(string system, TableEntity entity) => new(
        system,
        entity.GetInt32(FailNextProperty) ?? 0,
        entity.GetInt32(StatusProperty) ?? FaultState.DefaultStatus,
        entity.GetInt32(DelayMsProperty) ?? 0,
        entity.GetInt32(FailEveryProperty) ?? 0,
        entity.GetBoolean(AfterApplyProperty) ?? false,
        entity.GetInt64(SeenProperty) ?? 0);
}
