using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using FunctionApp.OrderBatches;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunctionApp.Tests.OrderBatches;

/// <summary>Submits order files (uploaded through the API or dropped in the container) and reads their batches and reports.</summary>
public sealed class OrderFileDriver(AppFactory app)
{
    public const string CsvHeader = "orderRef,customerEmail,customerName,sku,quantity,unitPrice";

    public OrderDriver Orders { get; } = new(app);

    public HttpClient Api => Orders.Api;

    private BlobServiceClient Blobs => app.Services.GetRequiredService<BlobServiceClient>();

    private OrderBatchOptions Options => app.Services.GetRequiredService<IOptions<OrderBatchOptions>>().Value;

    /// <summary>A prefix that makes order refs (and so the file's content) unique to one test.</summary>
    public static string NewPrefix() => "T" + Guid.NewGuid().ToString("N")[..8];

    public async Task<HttpResponseMessage> UploadAsync(string content, string? contentType = "text/csv", string? name = null, HttpClient? client = null)
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        if (contentType is not null)
        {
            body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var query = name is null ? "" : "?name=" + Uri.EscapeDataString(name);
        return await (client ?? Api).PostAsync("/api/order-batches" + query, body);
    }

    /// <summary>
    /// Uploads a three-line file named <paramref name="name"/> (order <c>{prefix}-A</c> confirmed, <c>-B</c> back-ordered,
    /// line 4 invalid) and waits for its batch to finish; returns the batch id.
    /// </summary>
    public async Task<string> UploadMixedFileAsync(string prefix, string name)
    {
        var stocked = await Orders.StockedSkuAsync(100);
        using var uploaded = await UploadAsync(string.Join("\n",
            CsvHeader,
            $"{prefix}-A,ann@example.com,Ann,{stocked},1,2",
            $"{prefix}-B,bob@example.com,Bob,{OrderDriver.NewSku()},1,2",
            $"{prefix}-C,cy@example.com,Cy,{stocked},zero,2"), name: name);
        Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
        var batchId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await WaitForBatchAsync(batchId);
        return batchId;
    }

    /// <summary>Puts a file straight into the incoming container, as another system would.</summary>
    public async Task DropAsync(string name, string content)
    {
        var container = Blobs.GetBlobContainerClient(Options.IncomingContainer);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
    }

    public async Task<IDictionary<string, string>> MetadataAsync(string name) =>
        (await Blobs.GetBlobContainerClient(Options.IncomingContainer).GetBlobClient(name).GetPropertiesAsync()).Value.Metadata;

    public Task<Status> WaitForBatchAsync(string instanceId, TimeSpan? timeout = null) =>
        Orders.WaitForStatusAsync(instanceId, s => s.RuntimeStatus is "Completed" or "Failed" or "Terminated", timeout ?? TimeSpan.FromSeconds(120));

    /// <summary>The report, read from the path the batch's output (or failure) names.</summary>
    public async Task<JsonElement> ReportAsync(string reportPath)
    {
        var slash = reportPath.IndexOf('/', StringComparison.Ordinal);
        var blob = Blobs.GetBlobContainerClient(reportPath[..slash]).GetBlobClient(reportPath[(slash + 1)..]);
        var content = await blob.DownloadContentAsync();
        return JsonSerializer.Deserialize<JsonElement>(content.Value.Content.ToString());
    }

    public static Dictionary<int, JsonElement> LinesByNumber(JsonElement report) =>
        report.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("line").GetInt32());
}
