using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;

namespace FunctionApp.Durable;

/// <summary>
/// The JSON bodies of instance status with Durable Functions' field names, and the URLs handed to callers. The status URL
/// is this app's own function (<c>/api/instances/{id}</c>, readable with a function key); the management URLs are
/// Durable's management API (<c>/runtime/webhooks/durabletask/...</c>), which needs the admin (master or system) key.
/// No URL carries a key: callers send theirs in the <c>x-functions-key</c> header.
/// </summary>
public static class StatusResponses
{
    /// <summary>Where Durable's management API is: served by the Durable extension on Azure, by LocalHost locally.</summary>
    public const string ManagementPrefix = "/runtime/webhooks/durabletask";

    /// <summary>The status body: name, instanceId, runtimeStatus, input, customStatus, output, createdTime, lastUpdatedTime.</summary>
    public static JsonObject Status(OrchestrationMetadata instance, bool showInput = true)
    {
        var body = new JsonObject
        {
            ["name"] = instance.Name,
            ["instanceId"] = instance.InstanceId,
            ["runtimeStatus"] = instance.RuntimeStatus.ToString(),
            ["input"] = showInput ? Parse(instance.SerializedInput) : null,
            ["customStatus"] = Parse(instance.SerializedCustomStatus),
            ["output"] = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? JsonValue.Create(FailureMessage(instance)) : Parse(instance.SerializedOutput),
            ["createdTime"] = Time(instance.CreatedAt),
            ["lastUpdatedTime"] = Time(instance.LastUpdatedAt),
        };
        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed)
        {
            body["failureDetails"] = new JsonObject { ["errorType"] = instance.FailureDetails?.ErrorType, ["errorMessage"] = FailureMessage(instance) };
        }

        return body;
    }

    /// <summary>
    /// Why a failed instance failed, naming the step: its failure details, or, where the provider keeps only the text
    /// (the Azure Storage provider stores it as the output), that text.
    /// </summary>
    public static string? FailureMessage(OrchestrationMetadata instance) =>
        instance.FailureDetails?.ErrorMessage ?? (Parse(instance.SerializedOutput) is JsonValue value && value.TryGetValue<string>(out var text) ? text : instance.SerializedOutput);

    /// <summary>The status body of an instance that completes now with <paramref name="output"/>, built by the instance itself.</summary>
    internal static JsonObject Completed(string name, string instanceId, JsonNode? input, JsonNode? customStatus, JsonNode? output, DateTime createdTime, DateTime now) => new()
    {
        ["name"] = name,
        ["instanceId"] = instanceId,
        ["runtimeStatus"] = nameof(OrchestrationRuntimeStatus.Completed),
        ["input"] = input,
        ["customStatus"] = customStatus,
        ["output"] = output,
        ["createdTime"] = Time(createdTime),
        ["lastUpdatedTime"] = Time(now),
    };

    /// <summary>The body of a 202 that started an instance: its id and the URLs to follow it (Durable's <c>HttpManagementPayload</c>).</summary>
    public static JsonObject CheckStatus(string baseUrl, string instanceId)
    {
        var manage = ManagementUrl(baseUrl, instanceId);
        return new JsonObject
        {
            ["id"] = instanceId,
            ["statusQueryGetUri"] = StatusUrl(baseUrl, instanceId),
            ["sendEventPostUri"] = manage + "/raiseEvent/{eventName}",
            ["terminatePostUri"] = manage + "/terminate?reason={text}",
            ["suspendPostUri"] = manage + "/suspend?reason={text}",
            ["resumePostUri"] = manage + "/resume?reason={text}",
            ["rewindPostUri"] = manage + "/rewind?reason={text}",
            ["restartPostUri"] = manage + "/restart",
            ["purgeHistoryDeleteUri"] = manage,
        };
    }

    /// <summary>The status URL of an instance: this app's own function, which a function key may read.</summary>
    public static string StatusUrl(string baseUrl, string instanceId) =>
        $"{baseUrl.TrimEnd('/')}/api/instances/{Uri.EscapeDataString(instanceId)}";

    /// <summary>An instance's URL in Durable's management API.</summary>
    public static string ManagementUrl(string baseUrl, string instanceId) =>
        $"{baseUrl.TrimEnd('/')}{ManagementPrefix}/instances/{Uri.EscapeDataString(instanceId)}";

    /// <summary>The app's base URL as the caller sees it.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>A JSON payload as a node: parsed, or as a string when it is not JSON.</summary>
    public static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(json);
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Time(DateTime time) => Time(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)));
}
