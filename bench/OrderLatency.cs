using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Bench;

/// <summary>End-to-end latency of <c>POST /api/orders?mode=sync</c> (in stock: five third-party calls) on the real app.</summary>
internal sealed record OrderLatency(int Orders, double P50Ms, double P99Ms, double MaxMs, double OrdersPerSecond, int NotInTime)
{
    public static async Task<OrderLatency> MeasureAsync(string connectionString, BenchOptions options)
    {
        await using var app = new BenchApp(connectionString, "BenchOrders");
        using var http = app.StartClient();
        (await http.PutAsJsonAsync("/sandbox/inventory/items/BENCH-1", new { quantity = 1_000_000 })).EnsureSuccessStatusCode();

        var order = new { customer = new { email = "bench@example.com", name = "Bench" }, lines = new[] { new { sku = "BENCH-1", quantity = 1, unitPrice = 1.5m } } };
        for (var i = 0; i < 5; i++)
        {
            (await http.PostAsJsonAsync("/api/orders?mode=sync", order)).EnsureSuccessStatusCode();
        }

        var latencies = new List<double>(options.Orders);
        var notInTime = 0;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < options.Orders; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/orders?mode=sync", order);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                // The reply did not come within the sync timeout (10 s): counted, and its full wait kept in the latencies.
                notInTime++;
            }
            else if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Order {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var seconds = total.Elapsed.TotalSeconds;
        latencies.Sort();
        return new OrderLatency(options.Orders, Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1], options.Orders / seconds, notInTime);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
