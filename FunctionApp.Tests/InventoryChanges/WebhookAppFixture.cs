using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.InventoryChanges;

/// <summary>One app per test class whose change queue nobody consumes, so a test can count exactly what the webhook enqueued.</summary>
public sealed class WebhookAppFixture : IAsyncLifetime
{
    private AppFactory? _app;

    public InventoryChangeDriver Driver => new(_app ?? throw new InvalidOperationException("The app has not started."));

    public async Task InitializeAsync() => _app = await InventoryChangeDriver.StartAppAsync(services: InventoryChangeDriver.WithoutQueueConsumer);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
