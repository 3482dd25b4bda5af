using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunctionApp.Tests.SyncIntegrations;

public sealed class CreditCheckTests(SyncAppFixture fixture) : IClassFixture<SyncAppFixture>
{
    private readonly HttpClient _api = fixture.App.CreateApiClient();

    [Fact]
    public async Task The_bureau_decides_and_the_answer_carries_its_decision_score_and_limit()
    {
        var email = $"ann-{Guid.NewGuid():N}@example.com";

        using var small = await _api.PostAsJsonAsync("/api/credit-checks", new { customerEmail = email, amount = 0.01m });
        using var huge = await _api.PostAsJsonAsync("/api/credit-checks", new { customerEmail = email, amount = 999_999_999m });

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        var decision = await small.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(email, decision.GetProperty("customerEmail").GetString());
        Assert.InRange(decision.GetProperty("score").GetInt32(), 300, 850);
        Assert.Equal(decision.GetProperty("limit").GetDecimal() >= 0.01m ? "Approved" : "Declined", decision.GetProperty("decision").GetString());
        Assert.Equal("Declined", (await huge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("decision").GetString());
        Assert.Contains(await fixture.App.Sandbox.RequestsAsync("credit-bureau"), r => r.ToString().Contains(email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bureau_too_slow_is_a_504_problem_naming_it_within_the_budget()
    {
        await fixture.App.Sandbox.FailNextAsync("credit-bureau", 1, 200, delayMs: SyncAppFixture.BudgetMs * 5);

        var clock = Stopwatch.StartNew();
        using var response = await _api.PostAsJsonAsync("/api/credit-checks", new { customerEmail = "ann@example.com", amount = 100m });
        clock.Stop();

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout, "credit-bureau");
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(SyncAppFixture.BudgetMs + 1500), $"took {clock.Elapsed}");
        await fixture.App.Sandbox.ClearFaultsAsync("credit-bureau");
    }

    [Fact]
    public async Task The_bureau_failing_is_a_502_problem_naming_it()
    {
        await fixture.App.Sandbox.FailNextAsync("credit-bureau", SyncAppFixture.AllAttempts, 500);

        using var response = await _api.PostAsJsonAsync("/api/credit-checks", new { customerEmail = "ann@example.com", amount = 100m });
        await fixture.App.Sandbox.ClearFaultsAsync("credit-bureau");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "credit-bureau");
    }

    [Theory]
    [InlineData("""{"customerEmail":"ann@example.com"}""")]
    [InlineData("""{"customerEmail":"ann@example.com","amount":0}""")]
    [InlineData("""{"customerEmail":"ann@example.com","amount":"100"}""")]
    [InlineData("""{"customerEmail":"not-an-email","amount":100}""")]
    [InlineData("""{"amount":100}""")]
    [InlineData("not json")]
    public async Task An_invalid_request_is_a_400_problem_and_the_bureau_is_not_asked(string body)
    {
        var before = (await fixture.App.Sandbox.RequestsAsync("credit-bureau")).Count;

        using var response = await _api.PostAsync("/api/credit-checks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(before, (await fixture.App.Sandbox.RequestsAsync("credit-bureau")).Count);
    }

    [Fact]
    public async Task No_key_is_a_401()
    {
        using var anonymous = fixture.App.CreateApiClient(null);

        using var response = await anonymous.PostAsJsonAsync("/api/credit-checks", new { customerEmail = "ann@example.com", amount = 100m });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
