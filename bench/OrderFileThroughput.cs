using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bench;

/// <summary>
/// How fast an order file is placed: a CSV of in-stock one-line orders, uploaded to <c>POST /api/order-batches</c> and
/// timed until its batch completes, at each parallelism bound.
/// </summary>
internal sealed record OrderFileThroughput(int Orders, IReadOnlyList<(int Parallel, double Seconds, double OrdersPerSecond)> Runs)
{
    public static async Task<OrderFileThroughput> MeasureAsync(string connectionString, BenchOptions options)
    {
        var runs = new List<(int, double, double)>();
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

            var status = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusQueryGetUri").GetString()!;
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

            runs.Add((parallel, seconds, options.FileOrders / seconds));
        }

        return new OrderFileThroughput(options.FileOrders, runs);
    }
}
