using Microsoft.AspNetCore.Http;

namespace Sandbox.Erp;

/// <summary>An error as the simulated ERP answers it: <c>{"error":{"code","message","details"}}</c>.</summary>
internal static class ErpError
{
    public static IResult Unauthorized() => Answer(
        StatusCodes.Status401Unauthorized, "unauthorized", "Send the API key in the 'X-Api-Key' header.");

    public static IResult BadRequest(string message, IDictionary<string, string[]>? details = null) =>
        Answer(StatusCodes.Status400BadRequest, "bad_request", message, details);

    public static IResult Simulated(int status, string message) => Answer(
        status,
        status switch
        {
            401 => "unauthorized",
            429 => "rate_limited",
            < 500 => "bad_request",
            503 => "unavailable",
            _ => "internal_error",
        },
        message);

    private static IResult Answer(int status, string code, string message, IDictionary<string, string[]>? details = null) =>
        TypedResults.Json(new { error = new { code, message, details } }, SandboxJson.Camel, statusCode: status);
}
