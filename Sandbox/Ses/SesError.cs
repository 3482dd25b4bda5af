using Microsoft.AspNetCore.Http;

namespace Sandbox.Ses;

/// <summary>
/// An error as the SES v2 REST API answers it: <c>{"message":"…"}</c>, with the error type in the
/// <c>x-amzn-ErrorType</c> header, which is where the AWS SDK reads it from.
/// </summary>
internal sealed class SesError(int statusCode, string errorType, string message) : IResult
{
    public static IResult MissingAuthenticationToken() =>
        new SesError(StatusCodes.Status403Forbidden, "MissingAuthenticationTokenException", "Missing Authentication Token");

    public static IResult SignatureDoesNotMatch() => new SesError(
        StatusCodes.Status403Forbidden,
        "SignatureDoesNotMatchException",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    public static IResult IncompleteSignature() => new SesError(
        StatusCodes.Status403Forbidden,
        "IncompleteSignatureException",
        "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters and an 'X-Amz-Date' header.");

    public static IResult SignatureExpired() => new SesError(
        StatusCodes.Status403Forbidden,
        "InvalidSignatureException",
        "Signature expired: the X-Amz-Date is more than 5 minutes away from the server's time.");

    public static IResult BadRequest(string message) =>
        new SesError(StatusCodes.Status400BadRequest, "BadRequestException", message);

    public static IResult Simulated(int status, string message) => new SesError(
        status,
        status switch
        {
            403 => "AccessDeniedException",
            404 => "NotFoundException",
            429 => "TooManyRequestsException",
            < 500 => "BadRequestException",
            503 => "ServiceUnavailableException",
            _ => "InternalFailure",
        },
        message);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers["x-amzn-ErrorType"] = errorType;
        return TypedResults.Json(new { message }, SandboxJson.Camel, statusCode: statusCode).ExecuteAsync(httpContext);
    }
}
