using FunctionApp.Connectors;
using FunctionApp.Http;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace FunctionApp.Customers;

/// <summary>
/// Consolidates a customer from the three CRMs, queried in parallel under one time budget; a CRM that fails or is late
/// leaves the answer partial. Complete answers are cached (HybridCache, which also joins concurrent lookups of one
/// email into one round of calls); partial ones are not.
/// </summary>
internal sealed partial class CustomerDirectory(
    CrmAClient crmA,
    CrmBClient crmB,
    CrmCClient crmC,
    HybridCache cache,
    IOptions<CustomerOptions> options,
    TimeProvider time,
    ILogger<CustomerDirectory> logger)
{
    public const string SourceOk = "ok";
    public const string SourceNotFound = "notFound";

    public TimeSpan Budget => TimeSpan.FromMilliseconds(options.Value.BudgetMs);

    public async Task<CustomerRecord> LookupAsync(string email, CancellationToken cancellationToken)
    {
        var cacheSeconds = options.Value.CacheSeconds;
        if (cacheSeconds == 0)
        {
            return await QueryAsync(email, cancellationToken);
        }

        try
        {
            return await cache.GetOrCreateAsync(
                "customer:" + email,
                (directory: this, email),
                static async (state, token) =>
                {
                    var record = await state.directory.QueryAsync(state.email, token);
                    return record.Partial ? throw new UncacheableCustomerException(record) : record;
                },
                new HybridCacheEntryOptions
                {
                    Expiration = TimeSpan.FromSeconds(cacheSeconds),
                    LocalCacheExpiration = TimeSpan.FromSeconds(cacheSeconds),
                },
                cancellationToken: cancellationToken);
        }
        catch (UncacheableCustomerException e)
        {
            return e.Record;
        }
    }

    private async Task<CustomerRecord> QueryAsync(string email, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(Budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var budget = linked.Token;
        var outcomes = await Task.WhenAll(
            UpstreamCall.RunAsync(CrmAClient.System, token => crmA.FindAsync(email, token), budget, cancellationToken),
            UpstreamCall.RunAsync(CrmBClient.System, token => crmB.FindAsync(email, token), budget, cancellationToken),
            UpstreamCall.RunAsync(CrmCClient.System, token => crmC.FindAsync(email, token), budget, cancellationToken));

        foreach (var failed in outcomes.Where(o => o.Status != UpstreamStatus.Ok))
        {
            LogCrmMissing(failed.System, failed.Status, failed.Error?.Message);
        }

        var (a, b, c) = (outcomes[0].Value, outcomes[1].Value, outcomes[2].Value);
        var sources = new Dictionary<string, string>
        {
            ["crmA"] = SourceOf(outcomes[0]),
            ["crmB"] = SourceOf(outcomes[1]),
            ["crmC"] = SourceOf(outcomes[2]),
        };
        return new CustomerRecord(
            a?.Email ?? b?.Email ?? c?.Email ?? email,
            a?.Name ?? b?.Name,
            a?.Phone,
            c?.Company,
            b?.Tier,
            c?.LifetimeValue,
            sources,
            outcomes.Any(o => o.Status != UpstreamStatus.Ok));
    }

    private static string SourceOf(UpstreamOutcome<CustomerFacts?> outcome) => outcome.Status switch
    {
        UpstreamStatus.Ok => outcome.Value is null ? SourceNotFound : SourceOk,
        UpstreamStatus.Timeout => "timeout",
        _ => "failed",
    };

    [LoggerMessage(EventId = 4101, EventName = "CrmMissing", Level = LogLevel.Warning,
        Message = "CRM {System} left out of a customer lookup: {Status} ({Reason})")]
    private partial void LogCrmMissing(string system, UpstreamStatus status, string? reason);
}
