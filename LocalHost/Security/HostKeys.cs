using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace LocalHost.Security;

/// <summary>
/// Key checks as the Functions host does them: the key in the <c>x-functions-key</c> header or the <c>code</c> query
/// parameter; <c>Function</c> level takes the function key or the admin key, <c>Admin</c> and <c>System</c> (and the
/// management API) the admin key only. A wrong or missing key is a 401 problem; keys are compared in constant time and
/// never logged.
/// </summary>
internal static class HostKeys
{
    public const string HeaderName = "x-functions-key";

    public static IServiceCollection AddHostKeys(this IServiceCollection services)
    {
        services.AddOptions<HostKeyOptions>().BindConfiguration(HostKeyOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.FunctionKey != o.AdminKey, "LocalHost:AdminKey must differ from LocalHost:FunctionKey.").ValidateOnStart();
        return services;
    }

    /// <summary>Null if the request may go on, else the 401 to answer with.</summary>
    public static IResult? Check(HttpContext http, AuthorizationLevel level)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return null;
        }

        var keys = http.RequestServices.GetRequiredService<IOptions<HostKeyOptions>>().Value;
        var presented = Presented(http.Request);
        var allowed = Matches(presented, keys.AdminKey) || (level == AuthorizationLevel.Function && Matches(presented, keys.FunctionKey));
        return allowed ? null : Unauthorized(presented is null, level == AuthorizationLevel.Function ? "a function key" : "the admin key");
    }

    /// <summary>Requires the admin key on every endpoint of <paramref name="builder"/>.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) => Check(context.HttpContext, AuthorizationLevel.Admin) ?? await next(context));

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
