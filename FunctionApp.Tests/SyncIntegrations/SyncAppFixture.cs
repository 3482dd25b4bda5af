using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.SyncIntegrations;

/// <summary>
/// One app per test class with budgets of 1 s (so "too slow" tests stay short) and a 30 s inventory cache (so a
/// cache hit does not depend on timing).
/// </summary>
public sealed class SyncAppFixture : IAsyncLifetime
{
    public const int BudgetMs = 1000;

    /// <summary>Calls a connector makes for one request when each fails fast: the first and the pipeline's 2 retries.</summary>
    public const int AllAttempts = 3;

    private AppFactory? _app;

    public AppFactory App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await AppFactory.StartAsync(new Dictionary<string, string?>
    {
        ["Customers:BudgetMs"] = BudgetMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Credit:BudgetMs"] = BudgetMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Inventory:BudgetMs"] = BudgetMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Inventory:CacheSeconds"] = "30",
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
