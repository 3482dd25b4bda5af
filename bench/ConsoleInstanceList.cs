using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bench;

/// <summary>
/// How fast the operator console's instance list answers (<c>GET /runtime/webhooks/durabletask/instances?top=50</c> with
/// the admin key, as console.js asks for it) with a hub of <c>--console-instances</c> real instances: most of them
/// running, waiting for an event (as an order waits for a callback), a few hundred completed, their ids as the app makes
/// them (<c>order-</c> and a hash; one order file's <c>batch-…:o:…</c>). Times the first page, the next page (with the
/// first one's <c>x-ms-continuation-token</c>), a <c>runtimeStatus=Completed</c> filter, a status no instance has
/// (<c>Failed</c>: the whole table looked at) and an <c>instanceIdPrefix</c> filter, each beside the target of 300 ms.
/// </summary>
internal sealed record ConsoleInstanceList(
    int Instances,
    IReadOnlyDictionary<OrchestrationRuntimeStatus, int> Statuses,
    double SeedSeconds,
    double SettleSeconds,
    int SeedParallelism,
    OrchestrationRuntimeStatus ScheduledProbeStatus,
    IReadOnlyList<ConsoleListTiming> Lists,
    int DeferredStarts)
{
    /// <summary>The target: the list answers within this.</summary>
    public const double TargetMs = 300;

    private const string ListPath = "/runtime/webhooks/durabletask/instances";
    private const string ContinuationHeader = "x-ms-continuation-token";
    private const int Parallelism = 32;
    private const int WarmUps = 5;
    private const int Measured = 40;

    public static async Task<ConsoleInstanceList> MeasureAsync(string connectionString, BenchOptions options)
    {
        var total = options.ConsoleInstances;
        if (total < 100)
        {
            throw new ArgumentException("--console-instances must be at least 100 (two pages and the filters need some).");
        }

        await using var app = new BenchApp(connectionString, "ConsoleHub", services: services =>
            services.AddSingleton(FunctionCatalog.Discover(typeof(FunctionApp.IntegrationApp).Assembly, typeof(ConsoleSeeds).Assembly)));
        app.StartClient().Dispose();
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("x-functions-key", BenchApp.AdminKey);

        // Warm up: create the hub's tables and queues, JIT the start, the episode and the list.
        var warm = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ConsoleSeeds.ConsoleFinishes), "warm-up");
        using (var wait = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await client.WaitForInstanceCompletionAsync(warm, wait.Token);
        }

        using (var listed = await http.GetAsync(new Uri(ListPath + "?top=50", UriKind.Relative)))
        {
            listed.EnsureSuccessStatusCode();
        }

        // One instance scheduled for tomorrow: whether StartAt keeps it Pending on this engine (it is counted in the hub).
        var probe = Id(-1);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(ConsoleSeeds.ConsoleFinishes), "scheduled",
            new StartOrchestrationOptions(probe, DateTimeOffset.UtcNow.AddDays(1)));

        // The rest (the warm-up instance and the probe count as two): one order file's orders (a tenth) share a prefix;
        // a few hundred (at most a tenth), spread evenly over the ids, complete; the others stay Running.
        var seeds = total - 2;
        var batch = "batch-" + Hash("bench-order-file")[..24];
        var batchOrders = total / 10;
        var completed = Math.Min(300, total / 10);
        var completeEvery = seeds / completed;
        var order = new { customer = new { email = "bench@example.com", name = "Bench" }, lines = new[] { new { sku = "BENCH-1", quantity = 1, unitPrice = 1.5m } } };
        var seed = Stopwatch.StartNew();
        var seeded = 0;
        var lastThousand = 0.0;
        var progress = new Lock();
        await Parallel.ForEachAsync(Enumerable.Range(0, seeds), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
        {
            var id = i < batchOrders ? $"{batch}:o:{i + 1:D5}" : Id(i);
            var name = i % completeEvery == 0 && i / completeEvery < completed ? nameof(ConsoleSeeds.ConsoleFinishes) : nameof(ConsoleSeeds.ConsoleWaits);
            await client.ScheduleNewOrchestrationInstanceAsync(name, order, new StartOrchestrationOptions(id), ct);

            // Whether a start gets slower as the hub fills up (the emulator scans its tables).
            if (Interlocked.Increment(ref seeded) % 1000 == 0)
            {
                lock (progress)
                {
                    var now = seed.Elapsed.TotalSeconds;
                    Console.WriteLine($"console: {seeded,5} seeded after {now,6:0.0} s (the last thousand at {1000 / (now - lastThousand):0} starts/s)");
                    lastThousand = now;
                }
            }
        });
        var seedSeconds = seed.Elapsed.TotalSeconds;
        Console.WriteLine($"console: {seeds + 2} instances in the hub, seeded in {seedSeconds:0.0} s ({Parallelism} at a time); waiting for the engine to start them all ...");

        // Measure an idle app: every instance has had its first episode (none Pending but the probe, if StartAt kept it).
        var statuses = await SettleAsync(client, probe, completed + 1);
        var settleSeconds = seed.Elapsed.TotalSeconds - seedSeconds;
        var probeStatus = (await client.GetInstanceAsync(probe))?.RuntimeStatus ?? throw new InvalidOperationException($"The probe {probe} is gone.");
        Console.WriteLine($"console: settled {settleSeconds:0.0} s after the seeding: {string.Join(", ", statuses.Select(s => $"{s.Value} {s.Key}"))}");

        var lists = new List<ConsoleListTiming>();
        var first = await TimeAsync(http, "first page", "top=50", null);
        lists.Add(first);
        lists.Add(await TimeAsync(http, "second page", "top=50", first.Continuation ?? throw new InvalidOperationException("The first page has no continuation token.")));
        lists.Add(await TimeAsync(http, "status filter", "top=50&runtimeStatus=Completed", null));

        // A status no instance has (none failed): the provider's table query has to look at every row to say so.
        lists.Add(await TimeAsync(http, "status, none match", "top=50&runtimeStatus=Failed", null));
        lists.Add(await TimeAsync(http, "id prefix filter", "top=50&instanceIdPrefix=" + Uri.EscapeDataString(batch), null));

        return new ConsoleInstanceList(seeds + 2, statuses, seedSeconds, settleSeconds, Parallelism, probeStatus, lists, app.DeferredStarts.Count);
    }

    /// <summary>Waits until no instance is Pending (but the probe) and the completing ones have completed; the count of each status.</summary>
    private static async Task<IReadOnlyDictionary<OrchestrationRuntimeStatus, int>> SettleAsync(DurableTaskClient client, string probe, int completing)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var counts = new SortedDictionary<OrchestrationRuntimeStatus, int>();
            var pending = 0;
            string? failed = null;
            await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 1000 }))
            {
                counts[instance.RuntimeStatus] = counts.GetValueOrDefault(instance.RuntimeStatus) + 1;
                pending += instance.RuntimeStatus == OrchestrationRuntimeStatus.Pending && instance.InstanceId != probe ? 1 : 0;
                failed ??= instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? instance.InstanceId : null;
            }

            if (failed is not null)
            {
                var details = await client.GetInstanceAsync(failed, getInputsAndOutputs: true);
                throw new InvalidOperationException($"Seeded instance {failed} failed: {details?.FailureDetails?.ErrorMessage}");
            }

            // The warm-up instance is among the completing ones; the probe completes too if StartAt did not hold it back.
            if (pending == 0 && counts.GetValueOrDefault(OrchestrationRuntimeStatus.Completed) >= completing)
            {
                return counts;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(15))
            {
                throw new TimeoutException($"The seeded instances did not settle in 15 minutes: {pending} still Pending.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Times <see cref="WarmUps"/> + <see cref="Measured"/> requests of one list, one after another, the body read in each.</summary>
    private static async Task<ConsoleListTiming> TimeAsync(HttpClient http, string name, string query, string? continuation)
    {
        var latencies = new List<double>(Measured);
        var returned = 0;
        string? next = null;
        for (var i = 0; i < WarmUps + Measured; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ListPath + "?" + query, UriKind.Relative));
            if (continuation is not null)
            {
                request.Headers.Add(ContinuationHeader, continuation);
            }

            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {ListPath}?{query} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
            }

            using var page = JsonDocument.Parse(body);
            returned = page.RootElement.GetArrayLength();
            next = response.Headers.TryGetValues(ContinuationHeader, out var values) ? values.FirstOrDefault() : null;
            if (i >= WarmUps)
            {
                latencies.Add(elapsed);
            }
        }

        latencies.Sort();
        var described = "?" + query + (continuation is null ? "" : " + " + ContinuationHeader);
        return new ConsoleListTiming(name, described, latencies.Count, returned, next, Percentile(latencies, 0.50), Percentile(latencies, 0.95), latencies[^1]);
    }

    /// <summary>An order's instance id as the app makes it from an idempotency key: <c>order-</c> and 32 hex digits.</summary>
    private static string Id(int i) => "order-" + Hash($"bench-order-{i}")[..32];

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

/// <summary>One list request's timings: nearest-rank percentiles of the measured requests, and what the last one returned.</summary>
internal sealed record ConsoleListTiming(string Name, string Request, int Requests, int Returned, string? Continuation, double P50Ms, double P95Ms, double MaxMs);

/// <summary>
/// The console bench's orchestrations: one that finishes at once, and one that waits for an event that never comes (an
/// instance that stays Running, as an order does while it waits for a callback).
/// </summary>
internal sealed class ConsoleSeeds
{
    [Function(nameof(ConsoleFinishes))]
    public static JsonElement? ConsoleFinishes([OrchestrationTrigger] TaskOrchestrationContext context, JsonElement? input) => input;

    [Function(nameof(ConsoleWaits))]
    public static Task<string> ConsoleWaits([OrchestrationTrigger] TaskOrchestrationContext context) => context.WaitForExternalEvent<string>("Release");
}
