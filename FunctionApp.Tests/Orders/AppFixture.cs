using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Orders;

/// <summary>One app shared by the tests of a class (they run one after another; classes run in parallel, each on its own app).</summary>
public sealed class AppFixture : IAsyncLifetime
{
    private AppFactory? _app;

    public AppFactory App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await AppFactory.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
