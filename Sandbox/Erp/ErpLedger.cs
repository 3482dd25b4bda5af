using Azure;
using Azure.Data.Tables;
using Sandbox.Storage;

namespace Sandbox.Erp;

/// <summary>
/// The simulated ERP's stock ledger, one partition per SKU: a balance row (on hand, adjustments applied) and one row per
/// idempotency key applied to it. A key's row and the balance change commit together in one entity-group transaction,
/// so an adjustment is applied exactly once, even across a crash or concurrent requests.
/// </summary>
internal sealed class ErpLedger(SandboxTables tables, TimeProvider time)
{
    public const string BlockedPrefix = "BLOCKED-";
    public const string BlockedError = "SKU is blocked in the ERP";

    private const string BalanceRow = "balance";
    private const string KeyRowPrefix = "key-";
    private const string SkuProperty = "Sku";
    private const string OnHandProperty = "OnHand";
    private const string AppliedChangesProperty = "AppliedChanges";
    private const string IdempotencyKeyProperty = "IdempotencyKey";
    private const string DeltaProperty = "Delta";
    private const string OccurredAtProperty = "OccurredAt";
    private const string AppliedAtProperty = "AppliedAt";
    private const int MaxAttempts = 100;

    /// <summary>Applies one adjustment unless its key was applied to the SKU before; a blocked SKU is rejected.</summary>
    public async Task<StockAdjustmentResult> ApplyAsync(string idempotencyKey, string sku, long delta, DateTimeOffset? occurredAt, CancellationToken cancellationToken)
    {
        if (sku.StartsWith(BlockedPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new StockAdjustmentResult(idempotencyKey, StockAdjustmentResult.Rejected, BlockedError);
        }

        var table = await tables.Erp.GetAsync(cancellationToken);
        var partition = TableKeys.Hash(sku);
        var keyRow = new TableEntity(partition, KeyRowPrefix + TableKeys.Hash(idempotencyKey))
        {
            [IdempotencyKeyProperty] = idempotencyKey,
            [DeltaProperty] = delta,
            [OccurredAtProperty] = occurredAt,
            [AppliedAtProperty] = time.GetUtcNow(),
        };

        for (var attempt = 1; ; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, BalanceRow, cancellationToken: cancellationToken);
            var balance = found.HasValue ? found.Value! : new TableEntity(partition, BalanceRow) { [SkuProperty] = sku };
            balance[OnHandProperty] = (balance.GetInt64(OnHandProperty) ?? 0) + delta;
            balance[AppliedChangesProperty] = (balance.GetInt64(AppliedChangesProperty) ?? 0) + 1;
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, keyRow),
                found.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, balance, balance.ETag)
                    : new(TableTransactionActionType.Add, balance),
            ];

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return new StockAdjustmentResult(idempotencyKey, StockAdjustmentResult.Applied);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                if (await IsAppliedAsync(table, keyRow, cancellationToken))
                {
                    return new StockAdjustmentResult(idempotencyKey, StockAdjustmentResult.Duplicate);
                }

                if (attempt == MaxAttempts)
                {
                    throw;
                }

                // Another adjustment of the same SKU committed since we read the balance: read again, spread the retries.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10)), time, cancellationToken);
            }
        }
    }

    /// <summary>The SKU's balance; an unknown SKU has none on hand and no adjustments.</summary>
    public async Task<ErpStockBalance> GetBalanceAsync(string sku, CancellationToken cancellationToken)
    {
        var table = await tables.Erp.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Hash(sku), BalanceRow, [OnHandProperty, AppliedChangesProperty], cancellationToken);
        return found.HasValue
            ? new ErpStockBalance(sku, found.Value!.GetInt64(OnHandProperty) ?? 0, found.Value.GetInt64(AppliedChangesProperty) ?? 0)
            : new ErpStockBalance(sku, 0, 0);
    }

    private static async Task<bool> IsAppliedAsync(TableClient table, TableEntity keyRow, CancellationToken cancellationToken) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(keyRow.PartitionKey, keyRow.RowKey, [IdempotencyKeyProperty], cancellationToken)).HasValue;
}
