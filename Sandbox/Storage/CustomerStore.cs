using System.Globalization;
using Azure.Data.Tables;
using Sandbox.Crm;

namespace Sandbox.Storage;

/// <summary>The simulated CRMs' customers: one row per email (lower-cased), shared by crm-a, crm-b and crm-c.</summary>
internal sealed class CustomerStore(SandboxTables tables)
{
    private const string Partition = "customers";

    public async Task<SandboxCustomer?> FindAsync(string email, CancellationToken cancellationToken)
    {
        var table = await tables.Customers.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Key(email), cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var row = found.Value!;
        var lifetimeValue = row.GetString(nameof(SandboxCustomer.LifetimeValue));
        return new SandboxCustomer(
            row.GetString(nameof(SandboxCustomer.Email)) ?? email,
            row.GetString(nameof(SandboxCustomer.FirstName)),
            row.GetString(nameof(SandboxCustomer.LastName)),
            row.GetString(nameof(SandboxCustomer.Phone)),
            row.GetString(nameof(SandboxCustomer.Company)),
            row.GetString(nameof(SandboxCustomer.Tier)),
            lifetimeValue is null ? null : decimal.Parse(lifetimeValue, CultureInfo.InvariantCulture));
    }

    public async Task SetAsync(SandboxCustomer customer, CancellationToken cancellationToken)
    {
        var table = await tables.Customers.GetAsync(cancellationToken);
        var entity = new TableEntity(Partition, Key(customer.Email))
        {
            [nameof(SandboxCustomer.Email)] = customer.Email,
            [nameof(SandboxCustomer.FirstName)] = customer.FirstName,
            [nameof(SandboxCustomer.LastName)] = customer.LastName,
            [nameof(SandboxCustomer.Phone)] = customer.Phone,
            [nameof(SandboxCustomer.Company)] = customer.Company,
            [nameof(SandboxCustomer.Tier)] = customer.Tier,
            // Tables have no decimal type: kept as invariant text so no cent is lost.
            [nameof(SandboxCustomer.LifetimeValue)] = customer.LifetimeValue?.ToString(CultureInfo.InvariantCulture),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    private static string Key(string email) => TableKeys.Hash(email.Trim().ToLowerInvariant());
}
