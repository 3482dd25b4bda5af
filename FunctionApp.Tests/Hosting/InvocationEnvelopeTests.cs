using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunctionApp.Hosting;

namespace FunctionApp.Tests.Hosting;

public sealed class InvocationEnvelopeTests : IAsyncLifetime
{
    private const string MessageText = """{"kind":"activity","instanceId":"order-1","note":"\"quoted\" and \\ back"}""";
    private readonly ConcurrentQueue<TriggeredQueueMessage> _received = new();
    private CustomHandlerAppFactory _app = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _app = new CustomHandlerAppFactory(services: s =>
        {
            s.AddQueueFunction("CaptureQueue", "capture-items", (_, message, _) =>
            {
                _received.Enqueue(message);
                return Task.CompletedTask;
            });
            s.AddQueueFunction("FailingQueue", "failing-items", (_, _, _) => throw new InvalidOperationException("The store is down."));
        });
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(EnvelopeStyle.HostCode)]
    [InlineData(EnvelopeStyle.Documented)]
    [InlineData(EnvelopeStyle.ParsedObject)]
    public async Task The_queue_message_id_and_dequeue_count_are_read_however_the_host_encodes_them(EnvelopeStyle style)
    {
        using var response = await _client.PostAsync("/CaptureQueue", Envelopes.QueueMessage("message", MessageText, "msg-42", 3, style));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Outputs":{},"Logs":[],"ReturnValue":null}"""), JsonNode.Parse(await response.Content.ReadAsStringAsync())));
        var message = Assert.Single(_received);
        Assert.Equal(("capture-items", "msg-42", 3L), (message.QueueName, message.Id, message.DequeueCount));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(MessageText), JsonNode.Parse(message.Text)), message.Text);
        if (style != EnvelopeStyle.ParsedObject)
        {
            Assert.Equal(MessageText, message.Text);
        }
    }

    [Theory]
    [InlineData("""{"Metadata":{"DequeueCount":1}}""", "no 'Data' object")]
    [InlineData("""{"Data":{"other":"x"},"Metadata":{"DequeueCount":1}}""", "no queue message in Data.message")]
    [InlineData("""{"Data":{"message":"x"},"Metadata":{}}""", "no Metadata.DequeueCount")]
    [InlineData("""{"Data":{"message":"x"},"Metadata":{"DequeueCount":"two"}}""", "no Metadata.DequeueCount")]
    [InlineData("""not json""", "not JSON")]
    public async Task An_envelope_the_app_cannot_read_is_a_400_problem(string body, string reason)
    {
        using var response = await _client.PostAsync("/CaptureQueue", Envelopes.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task A_function_that_throws_answers_500_with_a_problem_so_the_host_delivers_it_again()
    {
        using var response = await _client.PostAsync("/FailingQueue", Envelopes.QueueMessage("message", "{}", "m-1", 1, EnvelopeStyle.HostCode));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("The store is down.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocation_endpoints_do_not_exist_in_standalone_mode()
    {
        await using var standalone = new CustomHandlerAppFactory(new Dictionary<string, string?> { [HostingMode.PortVariable] = null });
        using var client = standalone.CreateClient();

        using var invocation = await client.PostAsync("/DurableWorkItems", Envelopes.QueueMessage("message", "{}", "m-1", 1, EnvelopeStyle.HostCode));
        using var health = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.NotFound, invocation.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
