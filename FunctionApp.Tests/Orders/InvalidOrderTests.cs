using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FunctionApp.Tests.Orders;

/// <summary>
/// Invalid requests are refused with a problem and start nothing. No valid order is ever placed on this class's app, so
/// "nothing started" is: the task hub lists no instance and the warehouse was never asked.
/// </summary>
public sealed class InvalidOrderTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Valid = """{"customer":{"email":"ann@example.com","name":"Ann"},"lines":[{"sku":"SKU-1","quantity":1,"unitPrice":9.5}]}""";
    private const string TwoMegabytes = "(a 2 MB order)";
    private readonly OrderDriver _orders = new(fixture.App);

    public static TheoryData<string, string, string, string, int> Cases => new()
    {
        { "malformed JSON", """{"customer":{"email":"ann@example.com",""", "application/json", "", 400 },
        { "missing customer", """{"lines":[{"sku":"SKU-1","quantity":1,"unitPrice":9.5}]}""", "application/json", "", 400 },
        { "missing lines", """{"customer":{"email":"ann@example.com","name":"Ann"}}""", "application/json", "", 400 },
        { "empty lines", """{"customer":{"email":"ann@example.com","name":"Ann"},"lines":[]}""", "application/json", "", 400 },
        { "null line", """{"customer":{"email":"ann@example.com","name":"Ann"},"lines":[null]}""", "application/json", "", 400 },
        { "lines not an array", """{"customer":{"email":"ann@example.com","name":"Ann"},"lines":{"sku":"SKU-1"}}""", "application/json", "", 400 },
        { "missing sku", """{"customer":{"email":"ann@example.com","name":"Ann"},"lines":[{"quantity":1,"unitPrice":9.5}]}""", "application/json", "", 400 },
        { "sku with a slash", """{"customer":{"email":"ann@example.com","name":"Ann"},"lines":[{"sku":"a/b","quantity":1,"unitPrice":9.5}]}""", "application/json", "", 400 },
        { "negative quantity", Valid.Replace("\"quantity\":1", "\"quantity\":-1"), "application/json", "", 400 },
        { "quantity 0", Valid.Replace("\"quantity\":1", "\"quantity\":0"), "application/json", "", 400 },
        { "quantity 1.5", Valid.Replace("\"quantity\":1", "\"quantity\":1.5"), "application/json", "", 400 },
        { "quantity as a string", Valid.Replace("\"quantity\":1", "\"quantity\":\"2\""), "application/json", "", 400 },
        { "quantity beyond int", Valid.Replace("\"quantity\":1", "\"quantity\":99999999999"), "application/json", "", 400 },
        { "quantity above the maximum", Valid.Replace("\"quantity\":1", "\"quantity\":100001"), "application/json", "", 400 },
        { "101 lines", Valid.Replace("[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":9.5}]", "[" + string.Join(",", Enumerable.Repeat("{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":9.5}", 101)) + "]"), "application/json", "", 400 },
        { "missing quantity", Valid.Replace("\"quantity\":1,", ""), "application/json", "", 400 },
        { "negative unit price", Valid.Replace("9.5", "-1"), "application/json", "", 400 },
        { "unit price with 5 decimals", Valid.Replace("9.5", "9.12345"), "application/json", "", 400 },
        { "unknown field", Valid.Replace("{\"customer\"", "{\"discount\":5,\"customer\""), "application/json", "", 400 },
        { "customer as a string", """{"customer":"ann@example.com","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":9.5}]}""", "application/json", "", 400 },
        { "invalid email", Valid.Replace("ann@example.com", "ann-at-example"), "application/json", "", 400 },
        { "email with a display name", Valid.Replace("ann@example.com", "Ann <ann@example.com>"), "application/json", "", 400 },
        { "blank name", Valid.Replace("\"Ann\"", "\"  \""), "application/json", "", 400 },
        { "body null", "null", "application/json", "", 400 },
        { "body an array", "[]", "application/json", "", 400 },
        { "body a number", "42", "application/json", "", 400 },
        { "empty body", "", "application/json", "", 400 },
        { "2 MB body", TwoMegabytes, "application/json", "", 413 },
        { "text/plain", Valid, "text/plain", "", 415 },
        { "mode foo", Valid, "application/json", "?mode=foo", 400 },
        { "timeout 61", Valid, "application/json", "?timeout=61", 400 },
        { "timeout -1", Valid, "application/json", "?timeout=-1", 400 },
        { "timeout abc", Valid, "application/json", "?timeout=abc", 400 },
        { "timeout 1.5", Valid, "application/json", "?timeout=1.5", 400 },
        { "callbackUrl not a URL", Valid.Replace("{\"customer\"", "{\"callbackUrl\":\"not a url\",\"customer\""), "application/json", "", 400 },
        { "callbackUrl ftp", Valid.Replace("{\"customer\"", "{\"callbackUrl\":\"ftp://x\",\"customer\""), "application/json", "", 400 },
        { "callbackUrl with credentials", Valid.Replace("{\"customer\"", "{\"callbackUrl\":\"https://user:pw@example.com/hook\",\"customer\""), "application/json", "", 400 },
        { "callbackUrl relative", Valid.Replace("{\"customer\"", "{\"callbackUrl\":\"/hooks/orders\",\"customer\""), "application/json", "", 400 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Invalid_order_is_refused_with_a_problem_and_starts_nothing(string why, string body, string contentType, string query, int expectedStatus)
    {
        if (body == TwoMegabytes)
        {
            body = Valid.Replace("\"Ann\"", '"' + new string('x', 2 * 1024 * 1024) + '"');
        }

        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        var response = await _orders.Api.PostAsync("/api/orders" + query, content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expectedStatus == (int)response.StatusCode, $"{why}: expected {expectedStatus}, got {(int)response.StatusCode} {text}");
        AssertProblem(response, text, expectedStatus);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task Invalid_order_lists_every_problem_by_json_path()
    {
        const string body = """{"customer":{"email":"nope","name":""},"lines":[{"sku":"SKU-1","quantity":0,"unitPrice":-2},{"sku":"","quantity":1,"unitPrice":1}]}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await _orders.Api.PostAsync("/api/orders", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        var errors = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["customer.email", "customer.name", "lines[0].quantity", "lines[0].unitPrice", "lines[1].sku"], errors);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task Malformed_json_problem_names_where_it_is_wrong_without_internals()
    {
        using var content = new StringContent(Valid.Replace("\"quantity\":1", "\"quantity\":\"2\""), Encoding.UTF8, "application/json");

        var response = await _orders.Api.PostAsync("/api/orders", content);

        var problem = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.Contains("$.lines[0].quantity", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("System.", problem.GetProperty("detail").GetString());
    }

    internal static void AssertProblem(HttpResponseMessage response, string text, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.True(problem.TryGetProperty("detail", out _) || problem.TryGetProperty("errors", out _), text);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    private async Task AssertNothingStartedAsync()
    {
        var list = await _orders.Admin.GetAsync(OrderDriver.ManagementPrefix);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
        Assert.Empty(await _orders.Sandbox.RequestsAsync("inventory"));
    }
}
