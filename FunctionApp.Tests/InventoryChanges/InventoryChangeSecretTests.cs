using FunctionApp.Tests.Connectors;
using FunctionApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionApp.Tests.InventoryChanges;

/// <summary>Neither the ERP's API key nor the warehouse's webhook secret shows in a log entry, trace attribute or poison entry.</summary>
public sealed class InventoryChangeSecretTests
{
    [Fact]
    public async Task A_refused_erp_key_and_refused_signatures_leave_no_secret_in_logs_traces_or_poison_entries()
    {
        using var collector = new LogCollector();
        await using var app = await InventoryChangeDriver.StartAppAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
                ["Sandbox:Erp:ApiKey"] = "the-erp-expects-another-key-0123456789",
                ["InventoryChanges:MaxAttempts"] = "1",
                ["InventoryChanges:MaxBatchAge"] = "00:00:00.050",
            },
            services => services.AddSingleton<ILoggerProvider>(collector));
        var driver = new InventoryChangeDriver(app);
        var body = InventoryChangeDriver.Body([("leak-1", "SKU-LEAK", 2)]);

        using var wrongSecret = await driver.PostAsync(body, InventoryChangeDriver.Sign(body, "another-secret-of-the-warehouse-0123456789"));
        await driver.PostAcceptedAsync([("leak-1", "SKU-LEAK", 2)]);
        var poisoned = await Poll.UntilAsync(
            () => InventoryChangeDriver.PeekAsync(driver.PoisonQueue), entries => entries.Count == 1, TimeSpan.FromSeconds(30), "the refused change");

        Assert.Contains("401", poisoned[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(collector.Entries, entry => entry.Contains("System.Net.Http.HttpClient.ErpClient", StringComparison.Ordinal)
            && entry.Contains("X-Api-Key: *", StringComparison.Ordinal));
        foreach (var (name, secret) in new[] { ("ERP API key", TestSettings.ErpApiKey), ("webhook secret", TestSettings.WarehouseWebhookSecret) })
        {
            var leak = collector.Entries.FirstOrDefault(entry => entry.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"The {name} appears in a log entry: {leak}");
            Assert.DoesNotContain(secret, poisoned[0].GetRawText(), StringComparison.Ordinal);
        }
    }
}
