using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunctionApp.Tests.SyncIntegrations;

public sealed class CustomerTests(SyncAppFixture fixture) : IClassFixture<SyncAppFixture>
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(1500);

    private readonly HttpClient _api = fixture.App.CreateApiClient();

    [Fact]
    public async Task All_three_CRMs_answer_and_the_customer_is_consolidated_and_complete()
    {
        var email = await SeedAsync();

        var customer = await GetOkAsync(email);

        Assert.Equal(email, customer.GetProperty("email").GetString());
        Assert.Equal("Ann Lee", customer.GetProperty("name").GetString());
        Assert.Equal("+1 555 0100", customer.GetProperty("phone").GetString());
        Assert.Equal("Lee Widgets", customer.GetProperty("company").GetString());
        Assert.Equal("gold", customer.GetProperty("tier").GetString());
        Assert.Equal(1234.5m, customer.GetProperty("lifetimeValue").GetDecimal());
        Assert.False(customer.GetProperty("partial").GetBoolean());
        AssertSources(customer, "ok", "ok", "ok");
    }

    [Fact]
    public async Task A_CRM_down_leaves_a_partial_customer_naming_it_and_the_partial_answer_is_not_cached()
    {
        var email = await SeedAsync();
        await fixture.App.Sandbox.FailNextAsync("crm-a", SyncAppFixture.AllAttempts, 503);

        var customer = await GetOkAsync(email);
        await fixture.App.Sandbox.ClearFaultsAsync("crm-a");

        Assert.True(customer.GetProperty("partial").GetBoolean());
        AssertSources(customer, "failed", "ok", "ok");
        Assert.Equal(JsonValueKind.Null, customer.GetProperty("phone").ValueKind);
        Assert.Equal("Ann Lee", customer.GetProperty("name").GetString());
        Assert.Equal("Lee Widgets", customer.GetProperty("company").GetString());

        var again = await GetOkAsync(email);
        Assert.False(again.GetProperty("partial").GetBoolean());
        Assert.Equal("+1 555 0100", again.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task A_CRM_that_fails_once_is_retried_and_the_customer_is_complete()
    {
        var email = await SeedAsync();
        await fixture.App.Sandbox.FailNextAsync("crm-b", 1, 503);

        var customer = await GetOkAsync(email);

        Assert.False(customer.GetProperty("partial").GetBoolean());
        AssertSources(customer, "ok", "ok", "ok");
    }

    [Fact]
    public async Task A_slow_CRM_leaves_a_partial_customer_within_the_budget()
    {
        var email = await SeedAsync();
        await fixture.App.Sandbox.FailNextAsync("crm-c", 1, 200, delayMs: SyncAppFixture.BudgetMs * 5);

        var clock = Stopwatch.StartNew();
        var customer = await GetOkAsync(email);
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(SyncAppFixture.BudgetMs) + Slack, $"took {clock.Elapsed}");
        Assert.True(customer.GetProperty("partial").GetBoolean());
        AssertSources(customer, "ok", "ok", "timeout");
        Assert.Equal(JsonValueKind.Null, customer.GetProperty("company").ValueKind);
        await fixture.App.Sandbox.ClearFaultsAsync("crm-c");
    }

    [Fact]
    public async Task All_CRMs_down_is_a_502_problem_naming_them()
    {
        var email = await SeedAsync();
        foreach (var crm in new[] { "crm-a", "crm-b", "crm-c" })
        {
            await fixture.App.Sandbox.FailNextAsync(crm, SyncAppFixture.AllAttempts, 500);
        }

        using var response = await _api.GetAsync(Path(email));
        foreach (var crm in new[] { "crm-a", "crm-b", "crm-c" })
        {
            await fixture.App.Sandbox.ClearFaultsAsync(crm);
        }

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "crmA", "crmB", "crmC");
    }

    [Fact]
    public async Task All_CRMs_too_slow_is_a_504_problem_within_the_budget()
    {
        var email = await SeedAsync();
        foreach (var crm in new[] { "crm-a", "crm-b", "crm-c" })
        {
            await fixture.App.Sandbox.FailNextAsync(crm, 1, 200, delayMs: SyncAppFixture.BudgetMs * 5);
        }

        var clock = Stopwatch.StartNew();
        using var response = await _api.GetAsync(Path(email));
        clock.Stop();

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout, "crmA", "crmB", "crmC");
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(SyncAppFixture.BudgetMs) + Slack, $"took {clock.Elapsed}");
        foreach (var crm in new[] { "crm-a", "crm-b", "crm-c" })
        {
            await fixture.App.Sandbox.ClearFaultsAsync(crm);
        }
    }

    [Fact]
    public async Task The_ETag_sent_back_in_If_None_Match_is_a_304()
    {
        var email = await SeedAsync();
        using var first = await _api.GetAsync(Path(email));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, Path(email));
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await _api.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, Path(email));
        stale.Headers.TryAddWithoutValidation("If-None-Match", "\"0000\"");
        using var third = await _api.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task A_complete_customer_is_served_from_the_cache()
    {
        var email = await SeedAsync();
        await GetOkAsync(email);
        var before = (await fixture.App.Sandbox.RequestsAsync("crm-a")).Count;

        await GetOkAsync(email);

        Assert.Equal(before, (await fixture.App.Sandbox.RequestsAsync("crm-a")).Count);
    }

    [Fact]
    public async Task An_email_no_CRM_knows_is_a_404_problem()
    {
        using var response = await _api.GetAsync(Path($"nobody-{Guid.NewGuid():N}@example.com"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("ann@")]
    [InlineData("Ann <ann@example.com>")]
    public async Task An_invalid_email_is_a_400_problem(string email)
    {
        using var response = await _api.GetAsync(Path(email));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task No_key_is_a_401()
    {
        using var anonymous = fixture.App.CreateApiClient(null);

        using var response = await anonymous.GetAsync(Path("ann@example.com"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string Path(string email) => "/api/customers/" + Uri.EscapeDataString(email);

    private async Task<string> SeedAsync()
    {
        var email = $"ann-{Guid.NewGuid():N}@example.com";
        using var sandbox = fixture.App.CreateApiClient(null);
        using var response = await sandbox.PutAsJsonAsync($"/sandbox/customers/{email}", new
        {
            firstName = "Ann",
            lastName = "Lee",
            phone = "+1 555 0100",
            company = "Lee Widgets",
            tier = "gold",
            lifetimeValue = 1234.5m,
        });
        response.EnsureSuccessStatusCode();
        return email;
    }

    private async Task<JsonElement> GetOkAsync(string email)
    {
        using var response = await _api.GetAsync(Path(email));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonElement.Parse(text);
    }

    private static void AssertSources(JsonElement customer, string crmA, string crmB, string crmC)
    {
        var sources = customer.GetProperty("sources");
        Assert.Equal(crmA, sources.GetProperty("crmA").GetString());
        Assert.Equal(crmB, sources.GetProperty("crmB").GetString());
        Assert.Equal(crmC, sources.GetProperty("crmC").GetString());
    }
}
