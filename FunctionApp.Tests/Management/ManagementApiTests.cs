using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;

namespace FunctionApp.Tests.Management;

public sealed class ManagementApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string ContinuationHeader = "x-ms-continuation-token";
    private readonly OrderDriver _orders = new(fixture.App);

    [Fact]
    public async Task Terminating_a_waiting_order_ends_it_with_the_reason_as_output_and_a_second_terminate_is_410()
    {
        var instanceId = await _orders.PlaceBackOrderedAsync();
        var path = OrderDriver.InstancePath(instanceId);

        var terminate = await _orders.PostAdminAsync(path + "/terminate?reason=customer%20cancelled");

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var terminated = await _orders.WaitForStatusAsync(instanceId, s => s.Code == HttpStatusCode.OK);
        Assert.Equal("Terminated", terminated.RuntimeStatus);
        Assert.Equal("customer cancelled", terminated.Body.GetProperty("output").GetString());

        var again = await _orders.PostAdminAsync(path + "/terminate?reason=again");
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        InvalidOrderTests.AssertProblem(again, await again.Content.ReadAsStringAsync(), 410);

        var raise = await _orders.PostAdminAsync(path + "/raiseEvent/Restocked");
        Assert.Equal(HttpStatusCode.Gone, raise.StatusCode);
        Assert.Empty(await _orders.Sandbox.RequestsAsync("quickbooks", instanceId + ":"));
    }

    [Fact]
    public async Task Suspended_order_ignores_the_restock_until_resumed_then_completes()
    {
        var instanceId = await _orders.PlaceBackOrderedAsync();
        var path = OrderDriver.InstancePath(instanceId);

        Assert.Equal(HttpStatusCode.Accepted, (await _orders.PostAdminAsync(path + "/suspend?reason=audit")).StatusCode);
        var suspended = await _orders.WaitForRuntimeStatusAsync(instanceId, "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, suspended.Code);

        Assert.Equal(HttpStatusCode.Accepted, (await _orders.PostAdminAsync(path + "/raiseEvent/Restocked")).StatusCode);
        // The event is kept, not acted on: once the raise is in the history, the instance is still suspended with no invoice.
        await Poll.UntilAsync(() => _orders.GetStatusAsync(instanceId, query: "?showHistory=true"), s => HasHistoryEvent(s, "EventRaised"), what: "the raised event in the history");
        Assert.Equal("Suspended", (await _orders.GetStatusAsync(instanceId)).RuntimeStatus);
        Assert.Empty(await _orders.Sandbox.RequestsAsync("quickbooks", instanceId + ":"));

        Assert.Equal(HttpStatusCode.Accepted, (await _orders.PostAdminAsync(path + "/resume?reason=ok")).StatusCode);
        var done = await _orders.WaitForRuntimeStatusAsync(instanceId, "Completed");
        Assert.Equal("Confirmed", done.Body.GetProperty("output").GetProperty("status").GetString());
        Assert.Single(await _orders.Sandbox.RequestsAsync("quickbooks", instanceId + ":"));
    }

    [Fact]
    public async Task Suspend_then_resume_returns_a_waiting_order_to_running()
    {
        var instanceId = await _orders.PlaceBackOrderedAsync();
        var path = OrderDriver.InstancePath(instanceId);

        Assert.Equal(HttpStatusCode.Accepted, (await _orders.PostAdminAsync(path + "/suspend")).StatusCode);
        await _orders.WaitForRuntimeStatusAsync(instanceId, "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, (await _orders.PostAdminAsync(path + "/resume")).StatusCode);

        var running = await _orders.WaitForRuntimeStatusAsync(instanceId, "Running");
        Assert.Equal(HttpStatusCode.Accepted, running.Code);
        Assert.Equal("AwaitingRestock", running.Stage);
    }

    [Fact]
    public async Task Unknown_instance_is_a_404_problem_for_status_events_and_control()
    {
        var unknownId = "no-such-" + Guid.NewGuid().ToString("N");
        var unknown = OrderDriver.InstancePath(unknownId);

        foreach (var response in new[]
        {
            await _orders.Admin.GetAsync(unknown),
            await _orders.Api.GetAsync(OrderDriver.StatusPath(unknownId)),
            await _orders.PostAdminAsync(unknown + "/raiseEvent/Restocked", new { skus = Array.Empty<string>() }),
            await _orders.PostAdminAsync(unknown + "/terminate"),
            await _orders.PostAdminAsync(unknown + "/suspend"),
            await _orders.PostAdminAsync(unknown + "/resume"),
            await _orders.PostAdminAsync(unknown + "/rewind"),
            await _orders.PostAdminAsync(unknown + "/restart"),
            await _orders.Admin.DeleteAsync(unknown),
        })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
            InvalidOrderTests.AssertProblem(response, text, 404);
        }
    }

    [Fact]
    public async Task Instance_id_that_storage_cannot_hold_is_a_404_not_a_500()
    {
        var response = await _orders.Admin.GetAsync(OrderDriver.ManagementPrefix + "/" + Uri.EscapeDataString("bad id with spaces and/slash"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Raising_an_event_with_malformed_json_is_a_400_problem()
    {
        var instanceId = await _orders.PlaceBackOrderedAsync();

        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        var response = await _orders.Admin.PostAsync(OrderDriver.InstancePath(instanceId) + "/raiseEvent/Restocked", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        InvalidOrderTests.AssertProblem(response, await response.Content.ReadAsStringAsync(), 400);
        Assert.Equal("Running", (await _orders.GetStatusAsync(instanceId)).RuntimeStatus);
    }

    [Fact]
    public async Task Purging_a_completed_order_deletes_it_and_purging_a_running_one_is_409()
    {
        var completed = await _orders.PlaceConfirmedAsync();
        var running = await _orders.PlaceBackOrderedAsync();

        var purged = await _orders.Admin.DeleteAsync(OrderDriver.InstancePath(completed));
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await purged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await _orders.GetStatusAsync(completed)).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await _orders.Admin.DeleteAsync(OrderDriver.InstancePath(completed))).StatusCode);

        var refused = await _orders.Admin.DeleteAsync(OrderDriver.InstancePath(running));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        InvalidOrderTests.AssertProblem(refused, await refused.Content.ReadAsStringAsync(), 409);
        Assert.Equal("Running", (await _orders.GetStatusAsync(running)).RuntimeStatus);
    }

    [Fact]
    public async Task Listing_completed_instances_pages_by_top_with_a_continuation_token_and_repeats_none()
    {
        var mine = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add(await _orders.PlaceConfirmedAsync());
        }

        // Queries read a projection written just after the status a GET reads: wait until it has caught up.
        await Poll.UntilAsync(
            () => _orders.Admin.GetFromJsonAsync<JsonElement>(OrderDriver.ManagementPrefix + "?runtimeStatus=Completed&top=1000"),
            all => mine.All(id => all.EnumerateArray().Any(item => item.GetProperty("instanceId").GetString() == id)),
            TimeSpan.FromSeconds(30),
            "the completed orders to be listed");

        var seen = new List<string>();
        var log = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, OrderDriver.ManagementPrefix + "?runtimeStatus=Completed&top=2");
            if (token is not null)
            {
                request.Headers.Add(ContinuationHeader, token);
            }

            var response = await _orders.Admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.InRange(page.GetArrayLength(), 0, 2);
            Assert.All(page.EnumerateArray(), item => Assert.Equal("Completed", item.GetProperty("runtimeStatus").GetString()));
            seen.AddRange(page.EnumerateArray().Select(item => item.GetProperty("instanceId").GetString()!));
            token = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.Single() : null;
            log.Add($"[{string.Join(", ", page.EnumerateArray().Select(item => item.GetProperty("instanceId").GetString()))}] next: {token}");
            if (pages == 0)
            {
                Assert.Equal(2, page.GetArrayLength());
                Assert.NotNull(token);
            }

            pages++;
            Assert.True(pages < 100, "The continuation never ends.");
        }
        while (token is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(mine.All(seen.Contains), $"Completed instances {string.Join(", ", mine.Except(seen))} were not listed; pages:\n{string.Join("\n", log)}");
        Assert.True(pages >= 3, $"5 instances in pages of 2 came in {pages} page(s).");
    }

    [Fact]
    public async Task Listing_filters_by_status_and_hides_input_unless_asked()
    {
        var running = await _orders.PlaceBackOrderedAsync();

        var runningOnly = await _orders.Admin.GetFromJsonAsync<JsonElement>(OrderDriver.ManagementPrefix + "?runtimeStatus=Running,Pending&top=1000");
        var completedOnly = await _orders.Admin.GetFromJsonAsync<JsonElement>(OrderDriver.ManagementPrefix + "?runtimeStatus=Completed&top=1000");
        var withInput = await _orders.Admin.GetFromJsonAsync<JsonElement>(OrderDriver.ManagementPrefix + "?runtimeStatus=Running&showInput=true&top=1000");

        var item = Assert.Single(runningOnly.EnumerateArray(), i => i.GetProperty("instanceId").GetString() == running);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("input").ValueKind);
        Assert.DoesNotContain(completedOnly.EnumerateArray(), i => i.GetProperty("instanceId").GetString() == running);
        var shown = Assert.Single(withInput.EnumerateArray(), i => i.GetProperty("instanceId").GetString() == running);
        Assert.Equal(JsonValueKind.Object, shown.GetProperty("input").ValueKind);
    }

    [Theory]
    [InlineData("?runtimeStatus=Bogus")]
    [InlineData("?runtimeStatus=Completed,Nope")]
    [InlineData("?top=0")]
    [InlineData("?top=1001")]
    public async Task Listing_with_an_invalid_query_is_a_400_problem(string query)
    {
        var response = await _orders.Admin.GetAsync(OrderDriver.ManagementPrefix + query);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {text}");
        InvalidOrderTests.AssertProblem(response, text, 400);
    }

    [Theory]
    [InlineData("?top=abc")]
    [InlineData("?createdTimeFrom=yesterday")]
    public async Task Listing_with_a_query_value_of_the_wrong_type_is_a_400_problem(string query)
    {
        var response = await _orders.Admin.GetAsync(OrderDriver.ManagementPrefix + query);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "?showInput=yes", null)]
    [InlineData("GET", "?createdTimeTo=13%2F45%2F2026", null)]
    [InlineData("GET", "?top=-5&runtimeStatus=", null)]
    [InlineData("GET", "?top=99999999999999999999", null)]
    [InlineData("GET", "/{id}?showHistory=maybe", null)]
    [InlineData("GET", "/{id}?showInput=2", null)]
    [InlineData("POST", "/{id}/restart?restartWithNewInstanceId=perhaps", null)]
    [InlineData("POST", "/{id}/raiseEvent/Restocked", "{\"skus\": [")]
    [InlineData("POST", "/{id}/raiseEvent/Restocked", "<xml/>")]
    [InlineData("POST", "/{id}/rewind", null)]
    [InlineData("POST", "/{id}/resume", null)]
    [InlineData("DELETE", "/{id}", null)]
    [InlineData("PUT", "/{id}", "{}")]
    [InlineData("PATCH", "", "{}")]
    [InlineData("POST", "/{id}/nonsense", null)]
    [InlineData("GET", "/bad%23id%3F", null)]
    public async Task Garbage_to_the_management_api_is_a_4xx_problem_never_a_5xx(string method, string path, string? body)
    {
        // A running order, so that instance actions reach the instance's state.
        var id = await _orders.PlaceBackOrderedAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), OrderDriver.ManagementPrefix + path.Replace("{id}", id, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await _orders.Admin.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_with_a_forged_continuation_token_is_a_400_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, OrderDriver.ManagementPrefix + "?top=2");
        request.Headers.Add(ContinuationHeader, "forged-token");

        var response = await _orders.Admin.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        InvalidOrderTests.AssertProblem(response, text, 400);
    }

    [Fact]
    public async Task Status_with_show_history_lists_the_scheduled_steps_by_name()
    {
        var instanceId = await _orders.PlaceConfirmedAsync();

        var status = await _orders.GetStatusAsync(instanceId, query: "?showHistory=true&showHistoryOutput=true");

        Assert.Equal(HttpStatusCode.OK, status.Code);
        var history = status.Body.GetProperty("historyEvents").EnumerateArray().ToList();
        // As Durable shows it: a task's scheduling is folded into its completion, with the time it was scheduled.
        var tasks = history.Where(e => e.GetProperty("EventType").GetString() == "TaskCompleted").ToList();
        Assert.Equal(["CheckInventory", "CreateInvoice", "CreateAcmeOrder", "SendEmail", "NotifyAcme"], tasks.Select(e => e.GetProperty("FunctionName").GetString()));
        Assert.All(tasks, e => Assert.True(e.GetProperty("ScheduledTime").GetDateTimeOffset() <= e.GetProperty("Timestamp").GetDateTimeOffset()));
        Assert.Single(history, e => e.GetProperty("EventType").GetString() == "ExecutionStarted");
        var completed = Assert.Single(history, e => e.GetProperty("EventType").GetString() == "ExecutionCompleted");
        Assert.Equal("Confirmed", completed.GetProperty("Result").GetProperty("status").GetString());

        var plain = await _orders.GetStatusAsync(instanceId);
        Assert.False(plain.Body.TryGetProperty("historyEvents", out _));
        var noInput = await _orders.GetStatusAsync(instanceId, query: "?showInput=false");
        Assert.Equal(JsonValueKind.Null, noInput.Body.GetProperty("input").ValueKind);
    }

    [Fact]
    public async Task Restarting_an_order_starts_a_new_instance_that_completes_with_the_same_input()
    {
        var original = await _orders.PlaceConfirmedAsync();

        var restart = await _orders.PostAdminAsync(OrderDriver.InstancePath(original) + "/restart");

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        var body = await restart.Content.ReadFromJsonAsync<JsonElement>();
        var newId = body.GetProperty("id").GetString()!;
        Assert.NotEqual(original, newId);
        Assert.EndsWith(newId, body.GetProperty("statusQueryGetUri").GetString());
        var done = await _orders.WaitForRuntimeStatusAsync(newId, "Completed");
        Assert.Equal("Confirmed", done.Body.GetProperty("output").GetProperty("status").GetString());
        var originalStatus = await _orders.GetStatusAsync(original);
        Assert.Equal(originalStatus.Body.GetProperty("input").ToString(), done.Body.GetProperty("input").ToString());
        Assert.Single(await _orders.Sandbox.RequestsAsync("quickbooks", newId + ":"));
        Assert.Single(await _orders.Sandbox.RequestsAsync("quickbooks", original + ":"));
    }

    [Fact]
    public async Task Raising_restocked_with_the_admin_key_through_the_send_event_url_completes_an_async_back_order()
    {
        var placed = await _orders.PlaceAsync(OrderDriver.Order(OrderDriver.NewSku()), "?mode=async");
        var sendEvent = placed.Body.GetProperty("sendEventPostUri").GetString()!.Replace("{eventName}", "Restocked", StringComparison.Ordinal);
        await _orders.WaitForStatusAsync(placed.InstanceId, s => s.Stage == "AwaitingRestock");

        var raised = await _orders.Admin.PostAsJsonAsync(sendEvent, new { skus = new[] { "x" } });

        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        var done = await _orders.WaitForRuntimeStatusAsync(placed.InstanceId, "Completed");
        Assert.Equal("Confirmed", done.Body.GetProperty("output").GetProperty("status").GetString());
    }

    private static bool HasHistoryEvent(Status status, string eventType) =>
        status.Body.TryGetProperty("historyEvents", out var events) && events.EnumerateArray().Any(e => e.GetProperty("EventType").GetString() == eventType);
}
