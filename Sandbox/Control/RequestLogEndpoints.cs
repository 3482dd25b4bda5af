using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sandbox.Http;
using Sandbox.Storage;

namespace Sandbox.Control;

/// <summary><c>GET|DELETE {prefix}/{system}/requests</c>: list and clear the requests a system accepted.</summary>
internal static class RequestLogEndpoints
{
    public static RouteGroupBuilder MapRequestLog(this RouteGroupBuilder sandbox)
    {
        sandbox.MapGet("/{system}/requests", ListAsync);
        sandbox.MapDelete("/{system}/requests", ClearAsync);
        return sandbox;
    }

    private static async Task<IResult> ListAsync(string system, string? keyPrefix, RequestLog log, CancellationToken cancellationToken)
    {
        if (!SandboxSystems.IsKnown(system))
        {
            return SandboxProblems.UnknownSystem(system);
        }

        var requests = await log.ListAsync(system, string.IsNullOrEmpty(keyPrefix) ? null : keyPrefix, cancellationToken);
        return TypedResults.Json(requests, SandboxJson.Camel);
    }

    private static async Task<IResult> ClearAsync(string system, RequestLog log, CancellationToken cancellationToken)
    {
        if (!SandboxSystems.IsKnown(system))
        {
            return SandboxProblems.UnknownSystem(system);
        }

        await log.ClearAsync(system, cancellationToken);
        return TypedResults.NoContent();
    }
}
