using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Bench;

/// <summary>
/// How fast an order file is placed: a CSV of in-stock one-line orders, uploaded to <c>POST /api/order-batches</c> and
/// timed until its batch completes, at each parallelism bound; with each order's own time (from its sub-orchestration's
/// creation to its last update) and the longest quiet spell in which no order finished, which tells a batch slowed
/// evenly from one held up by stalls.
/// </summary>
internal sealed record OrderFileThroughput(int Orders, IReadOnlyList<OrderFileRun> Runs)
{
    public static async Task<OrderFileThroughput> MeasureAsync(string connectionString, BenchOptions options)
    {
        var runs = new List<OrderFileRun>();
        foreach (var parallel in new[] { 4, 16, 32 })
        {
            var hub = "BenchFile" + parallel.ToString(CultureInfo.InvariantCulture);
            await using var app = new BenchApp(connectionString, hub, new Dictionary<string, string?>
            {
                ["OrderBatches:MaxParallelOrders"] = parallel.ToString(CultureInfo.InvariantCulture),
                ["OrderBatches:IncomingContainer"] = hub.ToLowerInvariant() + "-in",
                ["OrderBatches:ReportsContainer"] = hub.ToLowerInvariant() + "-reports",
                ["OrderBatches:WorkContainer"] = hub.ToLowerInvariant() + "-work",
            });
            using var http = app.StartClient();
            (await http.PutAsJsonAsync("/sandbox/inventory/items/BENCH-FILE", new { quantity = 1_000_000 })).EnsureSuccessStatusCode();
            var csv = new StringBuilder("orderRef,customerEmail,customerName,sku,quantity,unitPrice\n");
            for (var i = 0; i < options.FileOrders; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{hub}-{i},c{i}@example.com,Customer {i},BENCH-FILE,1,2.5\n");
            }

            var clock = Stopwatch.StartNew();
            using var upload = await http.PostAsync("/api/order-batches", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
            if (upload.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"The upload answered {(int)upload.StatusCode}: {await upload.Content.ReadAsStringAsync()}");
            }

            var accepted = await upload.Content.ReadFromJsonAsync<JsonElement>();
            var status = accepted.GetProperty("statusQueryGetUri").GetString()!;
            var batchId = accepted.GetProperty("id").GetString()!;
            var submitted = DateTime.UtcNow;
            JsonElement state;
            while (true)
            {
                using var poll = await http.GetAsync(status);
                // 503: storage was too busy to answer this poll (Azurite at capacity); the batch goes on.
                if (poll.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    state = await poll.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
                    if (state.GetProperty("runtimeStatus").GetString() is not ("Pending" or "Running"))
                    {
                        break;
                    }
                }

                await Task.Delay(200);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var confirmed = state.GetProperty("output").GetProperty("confirmed").GetInt32();
            if (confirmed != options.FileOrders)
            {
                throw new InvalidOperationException($"{confirmed} of {options.FileOrders} orders were confirmed: {state}");
            }

            var orders = await OrderTimesAsync(app.Services.GetRequiredService<DurableTaskClient>(), batchId);
            var durations = orders.Select(o => (o.LastUpdatedAt - o.CreatedAt).TotalSeconds).Order().ToList();
            var finishes = orders.Select(o => o.LastUpdatedAt).Order().Prepend(submitted).ToList();
            var quiet = finishes.Zip(finishes.Skip(1), (a, b) => (b - a).TotalSeconds).DefaultIfEmpty(0).Max();
            runs.Add(new OrderFileRun(parallel, seconds, options.FileOrders / seconds, Percentile(durations, 0.5), Percentile(durations, 0.99), durations.LastOrDefault(), quiet, app.DeferredStarts.Count));
        }

        return new OrderFileThroughput(options.FileOrders, runs);
    }

    private static async Task<List<OrchestrationMetadata>> OrderTimesAsync(DurableTaskClient client, string batchId)
    {
        var orders = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = batchId + ":o:", PageSize = 1000 }))
        {
            if (instance.Name == "PlaceOrderOrchestrator")
            {
                orders.Add(instance);
            }
        }

        return orders;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

/// <summary>One order-file run: the batch's time and rate, its orders' own times (seconds), and the longest spell with no order finishing.</summary>
internal sealed record OrderFileRun(int Parallel, double Seconds, double OrdersPerSecond, double OrderP50, double OrderP99, double OrderMax, double LongestQuiet, int DeferredStarts);
