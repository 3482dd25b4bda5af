using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sandbox.Http;
using Sandbox.Storage;

namespace Sandbox.Control;

/// <summary><c>GET|POST|DELETE {prefix}/{system}/faults</c>: arm, read and disarm a system's simulated faults.</summary>
internal static class FaultEndpoints
{
    public static RouteGroupBuilder MapFaultControl(this RouteGroupBuilder sandbox)
    {
        sandbox.MapGet("/{system}/faults", GetAsync);
        sandbox.MapPost("/{system}/faults", SetAsync);
        sandbox.MapDelete("/{system}/faults", ClearAsync);
        return sandbox;
    }

    private static async Task<IResult> GetAsync(string system, FaultStore faults, CancellationToken cancellationToken)
    {
        if (!SandboxSystems.IsKnown(system))
        {
            return SandboxProblems.UnknownSystem(system);
        }

        return TypedResults.Json(await faults.GetAsync(system, cancellationToken), SandboxJson.Camel);
    }

    private static async Task<IResult> SetAsync(string system, HttpRequest request, FaultStore faults, CancellationToken cancellationToken)
    {
        if (!SandboxSystems.IsKnown(system))
        {
            return SandboxProblems.UnknownSystem(system);
        }

        var body = await JsonBody.ReadAsync<FaultSettings>(request, SandboxJson.Camel, cancellationToken);
        if (body.Value is not { } settings)
        {
            return SandboxProblems.InvalidBody(body.Error!);
        }

        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var state = new FaultState(
            system,
            settings.FailNext ?? 0,
            settings.Status ?? FaultState.DefaultStatus,
            settings.DelayMs ?? 0,
            settings.FailEvery ?? 0,
            settings.AfterApply ?? false);
        await faults.SetAsync(state, cancellationToken);
        return TypedResults.Json(state, SandboxJson.Camel);
    }

    private static async Task<IResult> ClearAsync(string system, FaultStore faults, CancellationToken cancellationToken)
    {
        if (!SandboxSystems.IsKnown(system))
        {
            return SandboxProblems.UnknownSystem(system);
        }

        await faults.ClearAsync(system, cancellationToken);
        return TypedResults.NoContent();
    }
}
