using System.Text;
using FunctionApp.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace FunctionApp.Callbacks;

/// <summary>
/// Posts one signed callback (<see cref="CallbackSignature"/>); a non-2xx answer or a timeout throws, and the
/// orchestration's retry policy sends it again with backoff (<see cref="CallbackDeliveries"/>).
/// </summary>
internal sealed partial class DeliverCallback(
    IHttpClientFactory httpClients,
    CallbackUrlPolicy policy,
    IOptions<CallbackOptions> options,
    TimeProvider time,
    ILogger<DeliverCallback> logger)
{
    public const string InstanceHeader = "X-Acme-Instance-Id";

    /// <summary>How long to wait for the final status of an instance whose end was reported (its state is written just after).</summary>
    private static readonly TimeSpan FinalStatusWait = TimeSpan.FromSeconds(30);

    [Function(nameof(DeliverCallback))]
    public async Task RunAsync([ActivityTrigger] CallbackDelivery delivery, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var uri = new Uri(delivery.Url);
        policy.EnsureSafeToCall(uri);
        var body = Encoding.UTF8.GetBytes(delivery.Body ?? (await FinalStatusAsync(client, delivery.InstanceId, cancellationToken)).ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(CallbackSignature.HeaderName, CallbackSignature.Create(options.Value.SigningKey, time.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.Add(InstanceHeader, delivery.InstanceId);

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Value.Timeout);
        using var http = httpClients.CreateClient(nameof(DeliverCallback));
        using var response = await http.SendAsync(request, budget.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The callback receiver answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        LogDelivered(logger, delivery.InstanceId, uri.Host);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> FinalStatusAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + FinalStatusWait;
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"Instance {instanceId} is gone; there is no status to call back with.");
            if (instance.IsCompleted || time.GetUtcNow() > deadline)
            {
                return StatusResponses.Status(instance);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback for {InstanceId} delivered to {Host}.")]
    private static partial void LogDelivered(ILogger logger, string instanceId, string host);
}
