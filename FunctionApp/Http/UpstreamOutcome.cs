using System.Net.Sockets;
using FunctionApp.Connectors;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FunctionApp.Http;

/// <summary>The outcome of one third-party call under a budget (<see cref="UpstreamCall"/>).</summary>
internal sealed record UpstreamOutcome<T>(string System, UpstreamStatus Status, T? Value, Exception? Error)
{
    /// <summary>
    /// The problem that says why the system gave no answer: 504 when it was too slow, 503 when it could not be reached,
    /// 502 when it answered with an error. Only the system's name and the kind of failure go out, never a stack trace.
    /// </summary>
    public IResult ToProblem(TimeSpan budget)
    {
        var extensions = new Dictionary<string, object?> { ["system"] = System };
        return Status switch
        {
            UpstreamStatus.Timeout => Problems.Create(StatusCodes.Status504GatewayTimeout, "Upstream timeout",
                $"{System} did not answer within {budget.TotalMilliseconds:0} ms.", extensions),
            _ when Error is BrokenCircuitException => Problems.Create(StatusCodes.Status503ServiceUnavailable,
                "Upstream unavailable", $"{System} failed repeatedly and is not being called for a short while; try again shortly.", extensions),
            _ when Error is HttpRequestException or TimeoutRejectedException || Error?.InnerException is HttpRequestException or SocketException or TimeoutRejectedException => Problems.Create(StatusCodes.Status503ServiceUnavailable,
                "Upstream unavailable", $"{System} could not be reached; try again shortly.", extensions),
            _ => Problems.Create(StatusCodes.Status502BadGateway, "Upstream error",
                Error is IntegrationException { Status: { } status } ? $"{System} answered HTTP {status}." : $"{System} did not give a usable answer.",
                extensions),
        };
    }
}
