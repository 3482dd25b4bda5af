using System.Security.Cryptography;
using System.Text;
using DurableEngine.Http;
using Microsoft.Extensions.Options;

namespace FunctionApp.Security;

/// <summary>
/// Function-key checks as the Functions host does them: the key in the <c>x-functions-key</c> header or the <c>code</c>
/// query parameter. Function endpoints take the function key or the admin key; the management API takes the admin key,
/// except reading one instance's status, which the function key may do too (the caller who started it holds the status URL).
/// A wrong or missing key is a 401 problem; keys are compared in constant time and never logged.
/// </summary>
internal static class KeyAuthorization
{
    public const string HeaderName = "x-functions-key";

    public static TBuilder RequireFunctionKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var keys = context.HttpContext.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
            var presented = Presented(context.HttpContext.Request);
            return Matches(presented, keys.FunctionKey) || Matches(presented, keys.AdminKey)
                ? await next(context)
                : Unauthorized(presented is null, "a function key");
        });

    public static TBuilder RequireManagementKeys<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var keys = context.HttpContext.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
            var presented = Presented(context.HttpContext.Request);
            var readOnly = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ManagementAccess>()?.ReadsStatusOnly ?? false;
            var allowed = Matches(presented, keys.AdminKey) || (readOnly && Matches(presented, keys.FunctionKey));
            return allowed ? await next(context) : Unauthorized(presented is null, readOnly ? "a function key" : "the admin key");
        });

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers[HeaderName].FirstOrDefault();
        return !string.IsNullOrEmpty(header) ? header : request.Query["code"].FirstOrDefault();
    }

    private static bool Matches(string? presented, string expected) =>
        presented is not null && expected.Length > 0 &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static IResult Unauthorized(bool missing, string what) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: missing ? "Key required" : "Invalid key",
        detail: $"This endpoint needs {what} in the '{HeaderName}' header or the 'code' query parameter.",
        type: "https://httpstatuses.io/401");
}
