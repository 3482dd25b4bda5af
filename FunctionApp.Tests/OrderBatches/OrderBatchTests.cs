using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
using FunctionApp.Tests.SyncIntegrations;

namespace FunctionApp.Tests.OrderBatches;

public sealed class OrderBatchTests(OrderBatchAppFixture fixture) : IClassFixture<OrderBatchAppFixture>
{
    private readonly OrderFileDriver _files = new(fixture.App);

    [Fact]
    public async Task An_uploaded_csv_file_is_processed_with_a_report_of_every_line_and_its_counts_in_the_output()
    {
        var p = OrderFileDriver.NewPrefix();
        var stocked = await _files.Orders.StockedSkuAsync(1000);
        var missing = OrderDriver.NewSku();
        var csv = string.Join("\n",
            OrderFileDriver.CsvHeader,
            $"{p}-A,ann@example.com,Ann,{stocked},2,9.50",
            $"{p}-B,bob@example.com,Bob,{missing},1,5",
            $"{p}-C,cy@example.com,Cy,{stocked},1,1",
            $"{p}-A,ann@example.com,Ann,{stocked},1,0.5",
            $"{p}-C,cy@example.com,Cy,{stocked},none,1",
            $"{p}-D,dee@example.com,Dee,{stocked},3,2");

        var response = await _files.UploadAsync(csv);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var batchId = accepted.GetProperty("id").GetString()!;
        Assert.Equal(accepted.GetProperty("statusQueryGetUri").GetString(), response.Headers.Location!.ToString());
        var done = await _files.WaitForBatchAsync(batchId);
        Assert.Equal("Completed", done.RuntimeStatus);
        Assert.Equal("Csv", done.Body.GetProperty("input").GetProperty("format").GetString());
        var output = done.Body.GetProperty("output");
        Assert.Equal(
            (6, 1, 1, 3, 2, 1, 0),
            (output.GetProperty("lines").GetInt32(), output.GetProperty("invalidLines").GetInt32(), output.GetProperty("rejectedLines").GetInt32(),
                output.GetProperty("orders").GetInt32(), output.GetProperty("confirmed").GetInt32(), output.GetProperty("backOrdered").GetInt32(),
                output.GetProperty("failed").GetInt32()));

        var report = await _files.ReportAsync(output.GetProperty("report").GetString()!);
        var lines = OrderFileDriver.LinesByNumber(report);
        Assert.Equal([2, 3, 4, 5, 6, 7], lines.Keys.Order());
        Assert.Equal("Confirmed", lines[2].GetProperty("outcome").GetString());
        Assert.Equal(lines[2].GetProperty("instanceId").GetString(), lines[5].GetProperty("instanceId").GetString());
        Assert.Equal("BackOrdered", lines[3].GetProperty("outcome").GetString());
        Assert.Equal("Rejected", lines[4].GetProperty("outcome").GetString());
        Assert.Equal("Invalid", lines[6].GetProperty("outcome").GetString());
        Assert.Contains("quantity", lines[6].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Confirmed", lines[7].GetProperty("outcome").GetString());
        Assert.Equal(6, report.GetProperty("counts").GetProperty("lines").GetInt32());
        var viaApi = await _files.Api.GetFromJsonAsync<JsonElement>($"/api/order-batches/{batchId}/report");
        Assert.Equal(report.ToString(), viaApi.ToString());

        // One invoice for each confirmed order, none for the others; the back-ordered order waits on, and is confirmed on restock.
        Assert.Single(await _files.Orders.Sandbox.RequestsAsync("quickbooks", lines[2].GetProperty("instanceId").GetString() + ":"));
        Assert.Single(await _files.Orders.Sandbox.RequestsAsync("quickbooks", lines[7].GetProperty("instanceId").GetString() + ":"));
        var backOrdered = lines[3].GetProperty("instanceId").GetString()!;
        Assert.Empty(await _files.Orders.Sandbox.RequestsAsync("quickbooks", backOrdered + ":"));
        Assert.Equal("AwaitingRestock", (await _files.Orders.GetStatusAsync(backOrdered)).Stage);
        await _files.Orders.Sandbox.SetStockAsync(missing, 10);
        var raised = await _files.Orders.PostAdminAsync($"{OrderDriver.InstancePath(backOrdered)}/raiseEvent/Restocked", new { });
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        await _files.Orders.WaitForRuntimeStatusAsync(backOrdered, "Completed");
    }

    [Fact]
    public async Task The_same_content_again_is_not_processed_again_even_under_another_name()
    {
        var p = OrderFileDriver.NewPrefix();
        var stocked = await _files.Orders.StockedSkuAsync(1000);
        var jsonl = $$"""{"orderRef":"{{p}}-1","customer":{"email":"ann@example.com","name":"Ann"},"lines":[{"sku":"{{stocked}}","quantity":1,"unitPrice":2}]}""";
        var first = await _files.UploadAsync(jsonl, "application/x-ndjson");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var batchId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _files.WaitForBatchAsync(batchId);

        var again = await _files.UploadAsync(jsonl, "application/x-ndjson");
        var renamed = await _files.UploadAsync(jsonl, null, name: $"partner/{p}.jsonl");
        await _files.DropAsync($"dropped/{p}.jsonl", jsonl);
        var scan = await _files.Orders.PostAdminAsync("/api/order-batches/scan");

        foreach (var duplicate in new[] { again, renamed })
        {
            await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict);
            var problem = await duplicate.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(batchId, problem.GetProperty("instanceId").GetString());
        }

        var submitted = (await scan.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submitted");
        var dropped = Assert.Single(submitted.EnumerateArray(), s => s.GetProperty("file").GetString() == $"dropped/{p}.jsonl");
        Assert.Equal(batchId, dropped.GetProperty("instanceId").GetString());
        Assert.False(dropped.GetProperty("started").GetBoolean());
        Assert.Single(await _files.Orders.Sandbox.RequestsAsync("quickbooks", batchId + ":"));
    }

    [Fact]
    public async Task A_file_dropped_in_the_container_is_picked_up_by_the_scan_once()
    {
        var p = OrderFileDriver.NewPrefix();
        var stocked = await _files.Orders.StockedSkuAsync(1000);
        await _files.DropAsync($"{p}/orders.csv", $"{OrderFileDriver.CsvHeader}\n{p}-1,ann@example.com,Ann,{stocked},1,1\n");
        await _files.DropAsync($"{p}/readme.txt", "not an order file");

        var byFunctionKey = await _files.Api.PostAsync("/api/order-batches/scan", null);
        var first = await _files.Orders.PostAdminAsync("/api/order-batches/scan");
        var second = await _files.Orders.PostAdminAsync("/api/order-batches/scan");

        Assert.Equal(HttpStatusCode.Unauthorized, byFunctionKey.StatusCode);
        var started = Assert.Single(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submitted").EnumerateArray(),
            s => s.GetProperty("file").GetString()!.StartsWith(p, StringComparison.Ordinal));
        Assert.True(started.GetProperty("started").GetBoolean());
        Assert.DoesNotContain(
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submitted").EnumerateArray(),
            s => s.GetProperty("file").GetString()!.StartsWith(p, StringComparison.Ordinal));
        var done = await _files.WaitForBatchAsync(started.GetProperty("instanceId").GetString()!);
        Assert.Equal(1, done.Body.GetProperty("output").GetProperty("confirmed").GetInt32());
        Assert.Contains("not an order file", (await _files.MetadataAsync($"{p}/readme.txt"))["orderbatchskipped"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_a_header_fails_its_batch_saying_why_with_a_report()
    {
        var p = OrderFileDriver.NewPrefix();

        var response = await _files.UploadAsync($"{p}-1,ann@example.com,Ann,SKU-1,1,1\n", name: $"{p}.csv", contentType: "application/octet-stream");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await _files.WaitForBatchAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("Failed", done.RuntimeStatus);
        var message = done.Body.GetProperty("output").ToString();
        Assert.Contains("header", message, StringComparison.Ordinal);
        var reportPath = System.Text.RegularExpressions.Regex.Match(message, @"The report is (\S+)\.").Groups[1].Value;
        var report = await _files.ReportAsync(reportPath);
        Assert.Contains("header", report.GetProperty("fileError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_sent_as_a_form_part_is_read_from_the_part_with_its_format_from_the_file_name()
    {
        var p = OrderFileDriver.NewPrefix();
        var stocked = await _files.Orders.StockedSkuAsync(100);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("a note"), "comment" },
            { new StringContent($"{OrderFileDriver.CsvHeader}\n{p}-1,ann@example.com,Ann,{stocked},1,1\n"), "file", "orders.csv" },
        };

        var response = await _files.Api.PostAsync("/api/order-batches", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var done = await _files.WaitForBatchAsync((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal(1, done.Body.GetProperty("output").GetProperty("confirmed").GetInt32());
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nno file here\r\n--xyz--\r\n")]
    [InlineData("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\ntruncated")]
    [InlineData("multipart/form-data", "no boundary")]
    public async Task A_form_without_a_readable_file_part_is_a_400(string contentType, string body)
    {
        using var content = new StringContent(body);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await _files.Api.PostAsync("/api/order-batches", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    public static TheoryData<string?, string?, string, HttpStatusCode> BadUploads => new()
    {
        { null, null, "A-1", HttpStatusCode.UnsupportedMediaType },
        { "application/json", null, "A-1", HttpStatusCode.UnsupportedMediaType },
        { "text/csv", null, "", HttpStatusCode.BadRequest },
        { "text/csv", "../escape.csv", "A-1", HttpStatusCode.BadRequest },
        { "text/csv", "orders.txt", "A-1", HttpStatusCode.BadRequest },
        { "text/csv", "a//b.csv", "A-1", HttpStatusCode.BadRequest },
        { "text/csv", null, new string('x', OrderBatchAppFixture.MaxFileBytes + 1), HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_upload_is_a_problem_and_starts_nothing(string? contentType, string? name, string content, HttpStatusCode expected)
    {
        var response = await _files.UploadAsync(content, contentType, name);

        await ProblemAssert.IsProblemAsync(response, expected);
    }

    [Theory]
    [InlineData("batch-000000000000000000000000")]
    [InlineData("not-a-batch")]
    [InlineData("..%2F..%2Fsecrets")]
    public async Task There_is_no_report_for_a_batch_that_does_not_exist(string id)
    {
        var response = await _files.Api.GetAsync($"/api/order-batches/{id}/report");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Uploading_needs_a_function_key()
    {
        using var anonymous = fixture.App.CreateApiClient(null);

        var response = await _files.UploadAsync("x", client: anonymous);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
