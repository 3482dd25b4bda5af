using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FunctionApp.Tests.OrderBatches;

public sealed class OrderFileLoadTests(ITestOutputHelper output)
{
    private const int Lines = 10_000;
    private const int LinesPerOrder = 20;

    [Fact]
    public async Task A_ten_thousand_line_file_with_one_percent_bad_lines_finishes_with_a_correct_report()
    {
        // More step attempts than the default: the whole suite shares one Azurite (one Node thread), and under that load
        // a third-party call can time out several times in a row; the test is about the batch, not about giving up.
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?> { ["Orders:StepAttempts"] = "8" });
        var files = new OrderFileDriver(app);
        var p = OrderFileDriver.NewPrefix();
        var skus = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            skus.Add(await files.Orders.StockedSkuAsync(1_000_000));
        }

        // Data line i (1-based) is file line i + 1 and belongs to order (i - 1) / 20; every 100th line is bad, in one of
        // five ways, so 100 orders have one bad line each and 400 are placed.
        var csv = new StringBuilder(OrderFileDriver.CsvHeader).Append('\n');
        var bad = new HashSet<int>();
        for (var i = 1; i <= Lines; i++)
        {
            var order = (i - 1) / LinesPerOrder;
            var (email, sku, quantity, price) = ($"c{order}@example.com", skus[i % skus.Count], "1", "2.50");
            if (i % 100 == 37)
            {
                bad.Add(i + 1);
                switch (i / 100 % 5)
                {
                    case 0: email = "not-an-email"; break;
                    case 1: quantity = "lots"; break;
                    case 2: sku = "bad sku!"; break;
                    case 3: price = "-1"; break;
                    default: quantity = "0"; break;
                }
            }

            csv.Append(CultureInvariant($"{p}-{order},{email},Customer {order},{sku},{quantity},{price}\n"));
        }

        var clock = Stopwatch.StartNew();
        var response = await files.UploadAsync(csv.ToString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var batchId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var done = await files.WaitForBatchAsync(batchId, TimeSpan.FromMinutes(10));
        clock.Stop();

        Assert.Equal("Completed", done.RuntimeStatus);
        var result = done.Body.GetProperty("output");
        ThreadPool.GetMinThreads(out var minWorkers, out _);
        output.WriteLine($"thread pool: min {minWorkers} workers, {ThreadPool.ThreadCount} threads now");
        output.WriteLine($"{Lines} lines, 500 orders, {bad.Count} bad lines: done in {clock.Elapsed.TotalSeconds:0.0} s ({result.GetProperty("durationSeconds").GetDouble():0.0} s in the orchestration)");
        var report = await files.ReportAsync(result.GetProperty("report").GetString()!);

        var lines = OrderFileDriver.LinesByNumber(report);
        Assert.Equal(Enumerable.Range(2, Lines), lines.Keys.Order());
        var spoiledOrders = bad.Select(line => (line - 2) / LinesPerOrder).ToHashSet();
        foreach (var (number, line) in lines)
        {
            var order = (number - 2) / LinesPerOrder;
            var expected = bad.Contains(number) ? "Invalid" : spoiledOrders.Contains(order) ? "Rejected" : "Confirmed";
            Assert.True(expected == line.GetProperty("outcome").GetString(), $"line {number}: expected {expected}, got {line}");
        }

        var counts = report.GetProperty("counts");
        Assert.Equal((Lines, 100, 100 * (LinesPerOrder - 1), 400, 400, 0, 0), (
            counts.GetProperty("lines").GetInt32(), counts.GetProperty("invalidLines").GetInt32(), counts.GetProperty("rejectedLines").GetInt32(),
            counts.GetProperty("orders").GetInt32(), counts.GetProperty("confirmed").GetInt32(), counts.GetProperty("backOrdered").GetInt32(),
            counts.GetProperty("failed").GetInt32()));
        Assert.Equal(400, result.GetProperty("confirmed").GetInt32());

        // Each placed order was invoiced exactly once.
        var invoices = await files.Orders.Sandbox.RequestsAsync("quickbooks", batchId + ":");
        Assert.Equal(400, invoices.Count);
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
