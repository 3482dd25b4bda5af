using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Sandbox.Storage;

/// <summary>
/// The sandbox's tables, named <c>{TablePrefix}stock</c>, <c>{TablePrefix}faults</c>, <c>{TablePrefix}requests</c>,
/// <c>{TablePrefix}customers</c>, <c>{TablePrefix}erp</c> and <c>{TablePrefix}oauth</c>.
/// </summary>
internal sealed class SandboxTables(TableServiceClient service, IOptions<SandboxOptions> options)
{
    public LazyTable Stock { get; } = new(service.GetTableClient(options.Value.TablePrefix + "stock"));

    public LazyTable Faults { get; } = new(service.GetTableClient(options.Value.TablePrefix + "faults"));

    public LazyTable Requests { get; } = new(service.GetTableClient(options.Value.TablePrefix + "requests"));

    public LazyTable Customers { get; } = new(service.GetTableClient(options.Value.TablePrefix + "customers"));

    public LazyTable Erp { get; } = new(service.GetTableClient(options.Value.TablePrefix + "erp"));

    public LazyTable OAuth { get; } = new(service.GetTableClient(options.Value.TablePrefix + "oauth"));

    public void ForgetAll()
    {
        Customers.Forget();
        Stock.Forget();
        Faults.Forget();
        Requests.Forget();
        Erp.Forget();
        OAuth.Forget();
    }
}
