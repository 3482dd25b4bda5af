using System.Net;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.SyncIntegrations;

namespace FunctionApp.Tests.InventoryChanges;

/// <summary>
/// <c>POST /api/inventory-changes</c>: only a body signed with the warehouse's secret, recently, and valid in every field
/// is accepted (202, one queue message per change); anything else is a problem and enqueues nothing. The tests of this
/// class share one app whose queue nobody consumes; each starts with the queue emptied.
/// </summary>
public sealed class InventoryChangeWebhookTests(WebhookAppFixture fixture) : IClassFixture<WebhookAppFixture>, IAsyncLifetime
{
    private const string Valid = """{"changes":[{"id":"chg-1","sku":"SKU-1","delta":-3,"occurredAt":"2026-11-25T10:00:00Z"}]}""";
    private readonly InventoryChangeDriver _driver = fixture.Driver;

    /// <summary>Each test starts from an empty queue, whatever another test left behind.</summary>
    public async Task InitializeAsync()
    {
        await _driver.Queue.CreateIfNotExistsAsync();
        await _driver.Queue.ClearMessagesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> BadSignatures =>
        ["missing", "malformed", "timestamp only", "signature not hex", "wrong secret", "6 minutes old", "6 minutes ahead", "body altered after signing"];

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task A_request_without_a_valid_recent_signature_is_401_and_enqueues_nothing(string @case)
    {
        // Built when the test runs, not when the theory is discovered: the timestamps must be fresh.
        var now = DateTimeOffset.UtcNow;
        var (body, signature) = @case switch
        {
            "missing" => (Valid, ""),
            "malformed" => (Valid, "sha256=abc"),
            "timestamp only" => (Valid, $"t={now.ToUnixTimeSeconds()}"),
            "signature not hex" => (Valid, $"t={now.ToUnixTimeSeconds()},v1={new string('z', 64)}"),
            "wrong secret" => (Valid, InventoryChangeDriver.Sign(Valid, "another-secret-of-the-warehouse-0123456789")),
            "6 minutes old" => (Valid, InventoryChangeDriver.Sign(Valid, at: now.AddMinutes(-6))),
            "6 minutes ahead" => (Valid, InventoryChangeDriver.Sign(Valid, at: now.AddMinutes(6))),
            "body altered after signing" => (Valid.Replace("-3", "-30", StringComparison.Ordinal), InventoryChangeDriver.Sign(Valid)),
            _ => throw new ArgumentOutOfRangeException(nameof(@case), @case, null),
        };

        using var response = await _driver.PostAsync(body, signature);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.True(problem.GetProperty("title").GetString() == "Invalid signature", @case);
        Assert.Equal(0, await InventoryChangeDriver.CountAsync(_driver.Queue));
    }

    [Fact]
    public async Task A_signed_valid_request_is_202_with_one_plain_json_message_per_change()
    {
        var body = InventoryChangeDriver.Body([("wh-1", "SKU-1", -3), ("wh-2", "SKU-2", 5), ("wh-3", "SKU-1", 1_000_000)]);

        using var response = await _driver.PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, JsonElement.Parse(await response.Content.ReadAsStringAsync()).GetProperty("accepted").GetInt32());
        var messages = await InventoryChangeDriver.PeekAsync(_driver.Queue);
        Assert.Equal(["wh-1", "wh-2", "wh-3"], messages.Select(m => m.GetProperty("id").GetString()).Order());
        var first = messages.Single(m => m.GetProperty("id").GetString() == "wh-1");
        Assert.Equal("SKU-1", first.GetProperty("sku").GetString());
        Assert.Equal(-3, first.GetProperty("delta").GetInt32());
        Assert.Equal(DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), first.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_signature_over_the_body_is_still_required_with_the_admin_key_and_a_wrong_function_key_is_401_before_it()
    {
        using var noSignature = await _driver.PostAsync(Valid, signature: "", key: TestSettings.AdminKey);
        using var wrongKey = await _driver.PostAsync(Valid, key: "not-the-function-key-0123456789");

        await ProblemAssert.IsProblemAsync(noSignature, HttpStatusCode.Unauthorized, "X-Warehouse-Signature");
        await ProblemAssert.IsProblemAsync(wrongKey, HttpStatusCode.Unauthorized, "x-functions-key");
        Assert.Equal(0, await InventoryChangeDriver.CountAsync(_driver.Queue));
    }

    public static TheoryData<string, string, string[]> InvalidBodies => new()
    {
        { "garbage JSON", """{"changes":[{"id":"chg-1",""", [] },
        { "body an array", "[]", [] },
        { "unknown field", """{"changes":[{"id":"chg-1","sku":"SKU-1","delta":1,"price":3}]}""", [] },
        { "delta as a string", """{"changes":[{"id":"chg-1","sku":"SKU-1","delta":"1"}]}""", [] },
        { "delta 1.5", """{"changes":[{"id":"chg-1","sku":"SKU-1","delta":1.5}]}""", [] },
        { "no changes", """{}""", ["changes"] },
        { "empty list", """{"changes":[]}""", ["changes"] },
        { "1001 changes", InventoryChangeDriver.Body(Enumerable.Range(1, 1001).Select(i => ($"c-{i}", "SKU-1", 1))), ["changes"] },
        { "null change", """{"changes":[null]}""", ["changes[0]"] },
        { "duplicate ids", """{"changes":[{"id":"a","sku":"SKU-1","delta":1},{"id":"b","sku":"SKU-1","delta":1},{"id":"a","sku":"SKU-2","delta":2}]}""", ["changes[2].id"] },
        { "bad sku", """{"changes":[{"id":"a","sku":"SKU 1/2","delta":1}]}""", ["changes[0].sku"] },
        { "sku of 65 characters", $$"""{"changes":[{"id":"a","sku":"{{new string('S', 65)}}","delta":1}]}""", ["changes[0].sku"] },
        { "delta 0", """{"changes":[{"id":"a","sku":"SKU-1","delta":0}]}""", ["changes[0].delta"] },
        { "delta beyond a million", """{"changes":[{"id":"a","sku":"SKU-1","delta":-1000001}]}""", ["changes[0].delta"] },
        { "missing id and delta", """{"changes":[{"sku":"SKU-1"}]}""", ["changes[0].id", "changes[0].delta"] },
        { "id of 101 characters", $$"""{"changes":[{"id":"{{new string('i', 101)}}","sku":"SKU-1","delta":1}]}""", ["changes[0].id"] },
        { "id with a control character", """{"changes":[{"id":"a\u0007b","sku":"SKU-1","delta":1}]}""", ["changes[0].id"] },
        { "every problem at once", """{"changes":[{"id":"","sku":"","delta":0},{"id":"ok","sku":"SKU-1","delta":1},{"id":"ok","sku":"SKU-1","delta":2}]}""", ["changes[0].id", "changes[0].sku", "changes[0].delta", "changes[2].id"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_body_is_400_naming_every_bad_field_and_enqueues_nothing(string @case, string body, string[] fields)
    {
        using var response = await _driver.PostAsync(body);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        if (fields.Length > 0)
        {
            var errors = problem.GetProperty("errors");
            Assert.True(
                fields.Order().SequenceEqual(errors.EnumerateObject().Select(e => e.Name).Order()),
                $"{@case}: expected errors for {string.Join(", ", fields)}, got {errors}");
        }

        Assert.Equal(0, await InventoryChangeDriver.CountAsync(_driver.Queue));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_and_one_over_a_megabyte_is_413()
    {
        using var text = await _driver.PostAsync(Valid, contentType: "text/plain");
        var huge = InventoryChangeDriver.Body(Enumerable.Range(1, 1000).Select(i => ($"{new string('x', 90)}-{i}", new string('S', 64), 1))) + new string(' ', 1024 * 1024);
        using var tooLarge = await _driver.PostAsync(huge);

        await ProblemAssert.IsProblemAsync(text, HttpStatusCode.UnsupportedMediaType);
        await ProblemAssert.IsProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await InventoryChangeDriver.CountAsync(_driver.Queue));
    }
}
