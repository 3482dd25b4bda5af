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
    /// before, or returns null when nothing is armed.
    /// </summary>
    /// <remarks>
    /// The decrement is conditional on the ETag that was read, so concurrent requests, in this process or another,
    /// take exactly as many faults as were armed; the loser of a race reads again and retries.
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
            if (state.FailNext <= 0)
            {
                return null;
            }

            entity[FailNextProperty] = state.FailNext - 1;
            try
            {
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return state;
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
        entity.GetInt32(DelayMsProperty) ?? 0);
}
