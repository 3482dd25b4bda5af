using System.Text;
using DurableEngine;
using DurableEngine.Http;
using Microsoft.Extensions.Options;

namespace FunctionApp.Callbacks;

/// <summary>
/// Posts the final status of an instance that was started with a callback URL (tag <see cref="TagName"/>), signed.
/// The engine delivers each completion notice durably and retries it with backoff when this throws (non-2xx, timeout).
/// </summary>
internal sealed partial class CallbackSender(
    IHttpClientFactory httpClients,
    CallbackUrlPolicy policy,
    IOptions<CallbackOptions> options,
    TimeProvider time,
    ILogger<CallbackSender> logger) : IOrchestrationCompletionObserver
{
    public const string TagName = "callbackUrl";
    public const string InstanceHeader = "X-Acme-Instance-Id";

    public async Task OnCompletedAsync(OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        if (!instance.Tags.TryGetValue(TagName, out var url))
        {
            return;
        }

        var uri = new Uri(url);
        policy.EnsureSafeToCall(uri);
        var body = Encoding.UTF8.GetBytes(StatusResponses.Status(instance).ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(CallbackSignature.HeaderName, CallbackSignature.Create(options.Value.SigningKey, time.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.Add(InstanceHeader, instance.InstanceId);

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.Value.Timeout);
        using var http = httpClients.CreateClient(nameof(CallbackSender));
        using var response = await http.SendAsync(request, budget.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The callback receiver answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        LogDelivered(logger, instance.InstanceId, uri.Host);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback for {InstanceId} delivered to {Host}.")]
    private static partial void LogDelivered(ILogger logger, string instanceId, string host);
}
