using System.Text.Json.Nodes;

namespace FunctionApp.Hosting;

/// <summary>
/// A function as the Azure Functions host knows it: a folder named <see cref="Name"/> next to host.json, holding a
/// function.json with its bindings.
/// </summary>
internal abstract record FunctionDefinition(string Name)
{
    /// <summary>The storage connection setting of queue triggers: <c>AzureWebJobsStorage</c> or <c>AzureWebJobsStorage__accountName</c>.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    /// <summary>The contents of its function.json.</summary>
    public JsonObject ToFunctionJson() => new() { ["bindings"] = new JsonArray([.. Bindings()]) };

    protected abstract IEnumerable<JsonNode> Bindings();
}

/// <summary>
/// Routes the app serves over HTTP. The host forwards a matching request as it is (path, query, headers, body) because the
/// function has exactly one <c>httpTrigger</c> and one <c>http</c> output and host.json sets <c>enableForwardingHttpRequest</c>.
/// </summary>
/// <param name="Name">The function name.</param>
/// <param name="Route">The route as the app maps it, without the leading slash (host.json's routePrefix is empty).</param>
/// <param name="Methods">Lower-case HTTP methods; empty for any.</param>
internal sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods) : FunctionDefinition(Name)
{
    protected override IEnumerable<JsonNode> Bindings()
    {
        // Anonymous for the host: the app checks the function and admin keys itself (Security/KeyAuthorization), the
        // same way in both hosting modes.
        var trigger = new JsonObject
        {
            ["type"] = "httpTrigger",
            ["direction"] = "in",
            ["name"] = "req",
            ["authLevel"] = "anonymous",
            ["route"] = Route,
        };
        if (Methods.Count > 0)
        {
            trigger["methods"] = new JsonArray([.. Methods.Select(m => JsonValue.Create(m))]);
        }

        yield return trigger;
        yield return new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" };
    }
}

/// <summary>A trigger the host delivers as an invocation request: <c>POST /{Name}</c> with its <c>Data</c>/<c>Metadata</c> envelope.</summary>
internal abstract record TriggerFunction(string Name) : FunctionDefinition(Name)
{
    /// <summary>The trigger binding's name: the key of its value in the request's <c>Data</c>.</summary>
    public abstract string BindingName { get; }

    /// <summary>Runs the function; throws <see cref="InvalidInvocationException"/> for an envelope it cannot read.</summary>
    public abstract Task InvokeAsync(IServiceProvider services, InvocationRequest request, CancellationToken cancellationToken);
}

/// <summary>A queue message the host delivered.</summary>
/// <param name="QueueName">The queue it came from.</param>
/// <param name="Id">The queue's message id.</param>
/// <param name="Text">The message text.</param>
/// <param name="DequeueCount">Deliveries so far, this one included.</param>
internal sealed record TriggeredQueueMessage(string QueueName, string Id, string Text, long DequeueCount);

/// <summary>Handles one delivered queue message; throwing makes the host deliver it again (and poison it in the end).</summary>
internal delegate Task QueueMessageHandler(IServiceProvider services, TriggeredQueueMessage message, CancellationToken cancellationToken);

/// <summary>Runs one occurrence of a schedule; throwing reports a failed invocation to the host.</summary>
internal delegate Task TimerHandler(IServiceProvider services, CancellationToken cancellationToken);

/// <summary>A queue trigger on <paramref name="QueueName"/> in the storage account of <see cref="FunctionDefinition.StorageConnection"/>.</summary>
internal sealed record QueueFunction(string Name, string QueueName, QueueMessageHandler Handler) : TriggerFunction(Name)
{
    public override string BindingName => "message";

    public override Task InvokeAsync(IServiceProvider services, InvocationRequest request, CancellationToken cancellationToken) =>
        Handler(services, request.ToQueueMessage(QueueName, BindingName), cancellationToken);

    protected override IEnumerable<JsonNode> Bindings()
    {
        yield return new JsonObject
        {
            ["type"] = "queueTrigger",
            ["direction"] = "in",
            ["name"] = BindingName,
            ["queueName"] = QueueName,
            ["connection"] = StorageConnection,
        };
    }
}

/// <summary>A timer trigger on an NCRONTAB <paramref name="Schedule"/> (six fields, seconds first; UTC unless WEBSITE_TIME_ZONE says otherwise).</summary>
internal sealed record TimerFunction(string Name, string Schedule, TimerHandler Handler) : TriggerFunction(Name)
{
    public override string BindingName => "timer";

    public override Task InvokeAsync(IServiceProvider services, InvocationRequest request, CancellationToken cancellationToken) =>
        Handler(services, cancellationToken);

    protected override IEnumerable<JsonNode> Bindings()
    {
        yield return new JsonObject
        {
            ["type"] = "timerTrigger",
            ["direction"] = "in",
            ["name"] = BindingName,
            ["schedule"] = Schedule,
        };
    }
}
