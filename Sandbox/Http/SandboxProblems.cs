using Microsoft.AspNetCore.Http;

namespace Sandbox.Http;

/// <summary>The problem details (RFC 9457) the sandbox answers with where the simulated system's shape is problem details too.</summary>
internal static class SandboxProblems
{
    public const string SimulatedFaultType = "urn:acme:sandbox:simulated-fault";

    public static IResult SimulatedFault(int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: "Simulated fault", type: SimulatedFaultType);

    public static IResult UnknownSystem(string system) =>
        TypedResults.Problem(
            detail: $"The sandbox has no system '{system}'. Known systems: {string.Join(", ", SandboxSystems.All)}.",
            statusCode: StatusCodes.Status404NotFound,
            title: "Unknown system");

    public static IResult InvalidBody(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request body");

    public static IResult Unauthorized() =>
        TypedResults.Problem(
            detail: "Send an 'Authorization: Bearer <token>' header; the sandbox accepts any token.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized");
}
