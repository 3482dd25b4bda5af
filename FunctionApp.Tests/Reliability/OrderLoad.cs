using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Reliability;

/// <summary>Places orders, waits for them to finish and checks every third-party side effect happened exactly once.</summary>
internal static class OrderLoad
{
    /// <summary>Places an async order of one line of <paramref name="sku"/> under an idempotency key; returns its instance id.</summary>
    public static async Task<string> PlaceAsync(HttpClient api, string sku, string idempotencyKey, int n)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders?mode=async")
        {
            Content = JsonContent.Create(new
            {
                customer = new { email = $"customer{n}@example.com", name = $"Customer {n}" },
                lines = new[] { new { sku, quantity = 1 + (n % 3), unitPrice = 10m + n } },
            }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/orders answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<string[]> PlaceManyAsync(HttpClient api, string sku, string keyPrefix, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => PlaceAsync(api, sku, $"{keyPrefix}-{i}", i)));

    /// <summary>
    /// Polls the status of every instance until each has a final status; returns the final status bodies.
    /// On timeout the message names the unfinished instances and carries <paramref name="diagnostics"/> (the app's output).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, JsonElement>> WaitAllFinalAsync(
        Func<HttpClient> api, IReadOnlyCollection<string> instanceIds, TimeSpan timeout, Func<string> diagnostics)
    {
        var final = new ConcurrentDictionary<string, JsonElement>(StringComparer.Ordinal);
        var last = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    using var client = api();
                    await Parallel.ForEachAsync(instanceIds.Where(id => !final.ContainsKey(id)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, token) =>
                    {
                        try
                        {
                            using var response = await client.GetAsync($"/api/instances/{id}", token);
                            var body = await response.Content.ReadAsStringAsync(token);
                            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
                            {
                                last[id] = $"HTTP {(int)response.StatusCode}";
                                return;
                            }

                            var status = JsonDocument.Parse(body).RootElement.Clone();
                            var runtimeStatus = status.GetProperty("runtimeStatus").GetString()!;
                            last[id] = runtimeStatus;
                            if (runtimeStatus is "Completed" or "Failed" or "Terminated")
                            {
                                final[id] = status;
                            }
                        }
                        catch (HttpRequestException e)
                        {
                            // The app may be restarting; try again on the next round.
                            last[id] = e.Message;
                        }
                    });
                    return instanceIds.Count - final.Count;
                },
                remaining => remaining == 0,
                timeout,
                "every order to reach a final status");
        }
        catch (TimeoutException e)
        {
            var pending = string.Join(", ", instanceIds.Where(id => !final.ContainsKey(id)).Take(10).Select(id => $"{id}={last.GetValueOrDefault(id)}"));
            throw new TimeoutException($"{e.Message}. Unfinished: {pending}{Environment.NewLine}App output:{Environment.NewLine}{diagnostics()}", e);
        }

        return final;
    }

    /// <summary>
    /// The instance query (the management list, served from the instances table, a projection of each instance's state)
    /// comes to agree with the status reads: every order listed as Completed. A projection left behind by a crash or an
    /// outage between an instance's last commit and its projection would stay stale for good, and fail this.
    /// </summary>
    public static async Task AssertQueryListsAllCompletedAsync(Func<HttpClient> adminApi, IReadOnlyCollection<string> instanceIds, Func<string> diagnostics)
    {
        Dictionary<string, string> listed = [];
        try
        {
            await Poll.UntilAsync(
                async () =>
                {
                    using var client = adminApi();
                    var items = JsonDocument.Parse(await client.GetStringAsync("/runtime/webhooks/durabletask/instances?top=1000")).RootElement;
                    listed = items.EnumerateArray().ToDictionary(i => i.GetProperty("instanceId").GetString()!, i => i.GetProperty("runtimeStatus").GetString()!, StringComparer.Ordinal);
                    return instanceIds.Count(id => listed.GetValueOrDefault(id) != "Completed");
                },
                stale => stale == 0,
                TimeSpan.FromSeconds(15),
                "the instance query to list every order as Completed");
        }
        catch (TimeoutException e)
        {
            var stale = string.Join(", ", instanceIds.Where(id => listed.GetValueOrDefault(id) != "Completed").Select(id => $"{id}={listed.GetValueOrDefault(id) ?? "(missing)"}"));
            throw new TimeoutException($"{e.Message}. The status read says Completed, the query says: {stale}{Environment.NewLine}App output:{Environment.NewLine}{diagnostics()}", e);
        }
    }

    /// <summary>Every order Completed with a Confirmed outcome.</summary>
    public static void AssertAllConfirmed(IReadOnlyDictionary<string, JsonElement> final, Func<string> diagnostics)
    {
        var notConfirmed = final
            .Where(f => f.Value.GetProperty("runtimeStatus").GetString() != "Completed"
                || f.Value.GetProperty("output").ValueKind != JsonValueKind.Object
                || f.Value.GetProperty("output").GetProperty("status").GetString() != "Confirmed")
            .Select(f => $"{f.Key}: {f.Value}")
            .ToList();
        Assert.True(notConfirmed.Count == 0, $"{notConfirmed.Count} order(s) did not complete as Confirmed:{Environment.NewLine}{string.Join(Environment.NewLine, notConfirmed.Take(5))}{Environment.NewLine}App output:{Environment.NewLine}{diagnostics()}");
    }

    /// <summary>
    /// Exactly one invoice (QuickBooks), one Acme order, one customer email (SES) and one Confirmed notification (Acme)
    /// per order, each under its own idempotency key, and none for anything else. The Sandbox deduplicates on the key, so
    /// a step retried with the SAME key is one record; a step re-run under a NEW key (a lost or re-scheduled task) would be two.
    /// </summary>
    public static async Task AssertEachSideEffectOnceAsync(SandboxControl sandbox, IReadOnlyCollection<string> instanceIds)
    {
        var invoices = (await sandbox.RequestsAsync("quickbooks")).Where(r => Operation(r) == "CreateInvoice").ToList();
        var acme = await sandbox.RequestsAsync("acme");
        var acmeOrders = acme.Where(r => Operation(r) == "CreateOrder").ToList();
        var notifications = acme.Where(r => Operation(r) == "NotifyOrder").ToList();
        var emails = (await sandbox.RequestsAsync("ses")).Where(r => Operation(r) == "SendEmail").ToList();

        AssertOnePerInstance("QuickBooks invoice", invoices, instanceIds, ':');
        AssertOnePerInstance("Acme order", acmeOrders, instanceIds, ':');
        AssertOnePerInstance("customer email", emails, instanceIds, '.');
        AssertOnePerInstance("Acme notification", notifications, instanceIds, ':');
        Assert.All(notifications, n => Assert.Equal("Confirmed", n.GetProperty("body").GetProperty("status").GetString()));
        Assert.Equal(
            instanceIds.Order(StringComparer.Ordinal),
            notifications.Select(n => n.GetProperty("body").GetProperty("reference").GetString()!).Order(StringComparer.Ordinal));
    }

    public static string Operation(JsonElement request) => request.GetProperty("operation").GetString()!;

    public static string? Key(JsonElement request) =>
        request.TryGetProperty("idempotencyKey", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;

    private static void AssertOnePerInstance(string what, List<JsonElement> requests, IReadOnlyCollection<string> instanceIds, char separator)
    {
        var keys = requests.Select(Key).ToList();
        Assert.True(keys.All(k => k is not null), $"A {what} request had no idempotency key.");
        Assert.True(keys.Distinct(StringComparer.Ordinal).Count() == keys.Count, $"Two {what} requests share an idempotency key: {string.Join(", ", keys)}");
        var perInstance = instanceIds.ToDictionary(id => id, id => keys.Count(k => k!.StartsWith(id + separator, StringComparison.Ordinal)), StringComparer.Ordinal);
        var wrong = perInstance.Where(p => p.Value != 1).Select(p => $"{p.Key}: {p.Value}").ToList();
        Assert.True(wrong.Count == 0, $"Expected exactly one {what} per order; got: {string.Join(", ", wrong)}");
        Assert.True(requests.Count == instanceIds.Count, $"Expected {instanceIds.Count} {what} requests in all; got {requests.Count}: {string.Join(", ", keys)}");
    }
}
