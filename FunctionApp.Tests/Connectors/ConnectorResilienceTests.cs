using FunctionApp.Connectors;
using FunctionApp.Orders;
using FunctionApp.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionApp.Tests.Connectors;

/// <summary>
/// The connectors' HTTP resilience: transient faults are retried within one call (two retries), client errors never.
/// Faults are armed per system for a whole app, so each test has an app of its own.
/// </summary>
public sealed class ConnectorResilienceTests
{
    private static readonly Order Order = new(new Customer("ann@example.com", "Ann"), [new OrderLine("SKU-R", 1, 2m)]);

    // Long attempt timeouts, so that only the injected faults count as failures: on a loaded machine a slow answer from
    // the in-process Sandbox would otherwise be one more transient failure and use up a retry.
    private static readonly Dictionary<string, string?> PatientTimeouts = new()
    {
        ["Integrations:QuickBooks:Timeout"] = "00:01:30",
        ["Integrations:QuickBooks:AttemptTimeout"] = "00:00:30",
    };

    [Theory]
    [InlineData("Inventory", "Retries", "0", "Retries must be 1 or more")]
    [InlineData("CrmB", "BreakerMinimumThroughput", "1", "BreakerMinimumThroughput must be 2 or more")]
    [InlineData("Erp", "BreakerFailureRatio", "0", "BreakerFailureRatio must be more than 0")]
    [InlineData("QuickBooks", "BreakerBreakDuration", "00:00:00.100", "BreakerBreakDuration must be from 0.5 s")]
    [InlineData("Ses", "Timeout", "00:00:00", "Timeout must be from 10 ms")]
    public async Task A_resilience_setting_out_of_range_stops_the_app_at_start_naming_the_system_and_the_setting(string section, string setting, string value, string rule)
    {
        var thrown = await Record.ExceptionAsync(() => AppFactory.StartAsync(new Dictionary<string, string?> { [$"Integrations:{section}:{setting}"] = value }));

        // The host may report the same failure more than once (the start check, and a service that reads the settings).
        var failures = thrown is AggregateException all ? all.InnerExceptions : [thrown!];
        var failure = Assert.IsType<OptionsValidationException>(failures[0]);
        Assert.Contains(rule, failure.Message, StringComparison.Ordinal);
        Assert.Contains(section == "CrmB" ? "crm-b" : section, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(408)]
    public async Task Two_transient_failures_are_retried_within_one_call(int status)
    {
        await using var app = await AppFactory.StartAsync(PatientTimeouts);
        await app.Sandbox.FailNextAsync("quickbooks", 2, status);
        var key = "resilience:" + Guid.NewGuid().ToString("N");

        var invoice = await CreateInvoiceAsync(app, key);

        Assert.False(string.IsNullOrEmpty(invoice.Id));
        Assert.Single(await app.Sandbox.RequestsAsync("quickbooks", key));
    }

    [Fact]
    public async Task Three_transient_failures_exhaust_the_retries_of_one_call()
    {
        await using var app = await AppFactory.StartAsync(PatientTimeouts);
        await app.Sandbox.FailNextAsync("quickbooks", 3, 503);

        var failed = await Assert.ThrowsAsync<IntegrationException>(() => CreateInvoiceAsync(app, "resilience:" + Guid.NewGuid().ToString("N")));

        Assert.Equal(503, failed.Status);
        await CreateInvoiceAsync(app, "resilience:" + Guid.NewGuid().ToString("N"));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(409)]
    public async Task A_client_error_is_not_retried(int status)
    {
        await using var app = await AppFactory.StartAsync(PatientTimeouts);
        await app.Sandbox.FailNextAsync("quickbooks", 2, status);

        // Each call meets one fault: had the first call retried, it would have used up both.
        var first = await Assert.ThrowsAsync<IntegrationException>(() => CreateInvoiceAsync(app, "resilience:" + Guid.NewGuid().ToString("N")));
        var second = await Assert.ThrowsAsync<IntegrationException>(() => CreateInvoiceAsync(app, "resilience:" + Guid.NewGuid().ToString("N")));

        Assert.Equal(status, first.Status);
        Assert.Equal(status, second.Status);
        await CreateInvoiceAsync(app, "resilience:" + Guid.NewGuid().ToString("N"));
    }

    private static async Task<InvoiceCreated> CreateInvoiceAsync(AppFactory app, string key)
    {
        using var scope = app.Services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<QuickBooksClient>();
        return await client.CreateInvoiceAsync(Order, key, CancellationToken.None);
    }
}
