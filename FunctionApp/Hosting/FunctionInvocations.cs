using FunctionApp.Http;

namespace FunctionApp.Hosting;

/// <summary>
/// The endpoints the Functions host invokes queue and timer functions on: <c>POST /{FunctionName}</c> with its envelope.
/// Mapped only when the host runs the app, which then listens on 127.0.0.1 alone, so only the host reaches them; they take
/// no key, and the host never forwards outside requests to them (no function.json declares them as HTTP routes).
/// </summary>
/// <remarks>
/// 200 with an empty response envelope means done: for a queue trigger the host deletes the message. Any other status
/// makes the host count a failure: it makes the message visible again after host.json's <c>visibilityTimeout</c> and,
/// past <c>maxDequeueCount</c>, moves it to <c>{queue}-poison</c>.
/// </remarks>
internal static partial class FunctionInvocations
{
    public static void MapInvocationEndpoints(this IEndpointRouteBuilder app, IEnumerable<TriggerFunction> functions)
    {
        foreach (var function in functions)
        {
            app.MapPost("/" + function.Name, (HttpContext http, ILoggerFactory loggers, CancellationToken cancellationToken) =>
                    InvokeAsync(http, function, loggers.CreateLogger(typeof(FunctionInvocations).FullName!), cancellationToken))
                .WithMetadata(new FunctionInvocationEndpoint(function.Name))
                .ExcludeFromDescription();
        }
    }

    private static async Task<IResult> InvokeAsync(HttpContext http, TriggerFunction function, ILogger logger, CancellationToken cancellationToken)
    {
        var invocationId = http.Request.Headers[InvocationRequest.InvocationIdHeader].FirstOrDefault();
        try
        {
            var request = await InvocationRequest.ReadAsync(http.Request, cancellationToken);
            await function.InvokeAsync(http.RequestServices, request, cancellationToken);
            return TypedResults.Json(InvocationResponse.Empty);
        }
        catch (InvalidInvocationException e)
        {
            LogInvalid(logger, function.Name, invocationId, e.Message);
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid invocation", e.Message);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e, function.Name, invocationId);
            return Problems.Create(
                StatusCodes.Status500InternalServerError,
                "Invocation failed",
                $"{function.Name} failed ({e.GetType().Name}: {e.Message}); the host will deliver it again.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation {InvocationId} of {Function} is not a valid request: {Reason}")]
    private static partial void LogInvalid(ILogger logger, string function, string? invocationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invocation {InvocationId} of {Function} failed; the host will deliver it again.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function, string? invocationId);
}

/// <summary>Endpoint metadata on the invocation endpoints, so the catalog does not take them for HTTP functions.</summary>
internal sealed record FunctionInvocationEndpoint(string FunctionName);
