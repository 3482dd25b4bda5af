using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.OrderBatches;

/// <summary>One app for the order-file tests, with a small file limit (64 KB) so "too large" is cheap to send.</summary>
public sealed class OrderBatchAppFixture : IAsyncLifetime
{
    public const int MaxFileBytes = 64 * 1024;

    private AppFactory? _app;

    public AppFactory App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await AppFactory.StartAsync(new Dictionary<string, string?>
    {
        ["OrderBatches:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrderBatches:OrdersPerChunk"] = "2",
        ["OrderBatches:MaxParallelOrders"] = "2",
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
