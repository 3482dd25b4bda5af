using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Sandbox.QuickBooks;

/// <summary>The error body of QuickBooks Online: <c>{"Fault":{"Error":[{"Message","Detail","code","element"}],"type"}}</c>.</summary>
internal sealed record QuickBooksFault(QuickBooksFaultDetail Fault)
{
    public static IResult AuthenticationFailed() => Answer(
        StatusCodes.Status401Unauthorized,
        "AUTHENTICATION",
        new QuickBooksError(
            "message=AuthenticationFailed; errorCode=003200; statusCode=401",
            "The access token is missing, unknown or expired: get a new one from the token endpoint.",
            "3200",
            null));

    public static IResult MissingParameter(string element) => Answer(
        StatusCodes.Status400BadRequest,
        "ValidationFault",
        new QuickBooksError(
            "Required param missing, need to supply the required value for the API",
            $"Required parameter {element} is missing in the request",
            "2020",
            element));

    public static IResult InvalidRequest(string detail) => Answer(
        StatusCodes.Status400BadRequest,
        "ValidationFault",
        new QuickBooksError("Request has invalid or unsupported property", detail, "2010", null));

    public static IResult Simulated(int status, string detail)
    {
        var (type, code) = status switch
        {
            401 => ("AUTHENTICATION", "3200"),
            403 => ("AuthorizationFault", "3100"),
            429 => ("ThrottleExceeded", "3001"),
            < 500 => ("ValidationFault", "2010"),
            _ => ("SystemFault", "10000"),
        };
        return Answer(status, type, new QuickBooksError("Simulated fault", detail, code, null));
    }

    private static IResult Answer(int status, string type, QuickBooksError error) =>
        TypedResults.Json(new QuickBooksFault(new QuickBooksFaultDetail([error], type)), SandboxJson.Pascal, statusCode: status);
}

/// <summary>The errors of a fault and its type (<c>ValidationFault</c>, <c>AUTHENTICATION</c>, <c>SystemFault</c>…).</summary>
internal sealed record QuickBooksFaultDetail(
    IReadOnlyList<QuickBooksError> Error,
    [property: JsonPropertyName("type")] string Type);

/// <summary>One error of a fault.</summary>
internal sealed record QuickBooksError(
    string Message,
    string? Detail,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("element")] string? Element);
