using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DevStorage;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Reliability;

public sealed class StorageUnavailableTests
{
    [Fact]
    public async Task Orders_status_and_the_consoles_storage_views_answer_503_problem_details_while_storage_is_unreachable()
    {
        // Port 1 on loopback: nothing listens there, so every storage call is refused.
        const string unreachable = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AzuriteProcess.AccountKey +
            ";BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";
        await using var app = await AppFactory.StartAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = unreachable });
        using var api = app.CreateApiClient();

        using var admin = app.CreateApiClient(AppFactory.AdminKey);

        // At once: each waits out the storage SDK's retries.
        var responses = await Task.WhenAll(
            api.PostAsJsonAsync("/api/orders?mode=async", new
            {
                customer = new { email = "ann@example.com", name = "Ann" },
                lines = new[] { new { sku = "SKU-1", quantity = 1, unitPrice = 1m } },
            }),
            api.GetAsync("/api/instances/some-order"),
            admin.GetAsync("/api/inventory-changes/queues"),
            admin.GetAsync("/api/order-batches"));
        // Health needs no storage: it still answers, so an operator can see which system is down.
        using var health = await admin.GetAsync("/api/operations/integrations");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Storage unavailable", body.GetProperty("title").GetString());
            Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
