using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Storage;

namespace Sandbox.QuickBooks;

/// <summary>
/// The simulated Intuit OAuth 2.0 token endpoint, <c>POST {prefix}/quickbooks/oauth2/v1/tokens/bearer</c> with
/// <c>grant_type=refresh_token&amp;refresh_token=…</c> and the client id and secret as HTTP Basic credentials. It answers
/// <c>access_token</c>, <c>token_type</c>, <c>expires_in</c>, <c>refresh_token</c> and <c>x_refresh_token_expires_in</c>.
/// </summary>
/// <remarks>
/// The accepted client and refresh token are <c>Sandbox:QuickBooks:ClientId</c>, <c>ClientSecret</c> and
/// <c>RefreshToken</c> (defaults: the development values <c>sandbox-client-id</c>, <c>sandbox-client-secret</c>,
/// <c>sandbox-refresh-token</c>); access tokens live <c>Sandbox:QuickBooks:AccessTokenLifetime</c> (default one hour).
/// The refresh token answered is the one presented, unless <c>Sandbox:QuickBooks:RotateRefreshTokens</c> is true: then
/// each refresh answers a new one and retires the one presented, as Intuit may (<see cref="RefreshTokenChain"/>).
/// </remarks>
internal static class OAuthEndpoints
{
    public static void MapQuickBooksOAuth(this RouteGroupBuilder sandbox, OAuthTokens tokens)
    {
        var chain = new RefreshTokenChain(((IEndpointRouteBuilder)sandbox).ServiceProvider.GetRequiredService<SandboxTables>());
        sandbox.MapPost("/quickbooks/oauth2/v1/tokens/bearer", (HttpRequest request, IConfiguration configuration) => IssueAsync(request, configuration, tokens, chain));
    }

    private static async Task<IResult> IssueAsync(HttpRequest request, IConfiguration configuration, OAuthTokens tokens, RefreshTokenChain chain)
    {
        var settings = configuration.GetSection("Sandbox:QuickBooks");
        if (!ClientMatches(request, settings["ClientId"] ?? "sandbox-client-id", settings["ClientSecret"] ?? "sandbox-client-secret"))
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_client");
        }

        if (!request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form["grant_type"] != "refresh_token")
        {
            return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type");
        }

        var firstRefreshToken = settings["RefreshToken"] ?? "sandbox-refresh-token";
        var presented = form["refresh_token"].ToString();
        var refreshToken = settings.GetValue<bool>("RotateRefreshTokens")
            ? await chain.RotateAsync(presented, firstRefreshToken, request.HttpContext.RequestAborted)
            : FixedTimeEquals(presented, firstRefreshToken) ? firstRefreshToken : null;
        if (refreshToken is null)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_grant");
        }

        var lifetime = TimeSpan.TryParse(settings["AccessTokenLifetime"], CultureInfo.InvariantCulture, out var configured) ? configured : TimeSpan.FromHours(1);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new Dictionary<string, object>
        {
            ["access_token"] = tokens.Issue(lifetime),
            ["token_type"] = "bearer",
            ["expires_in"] = (int)Math.Ceiling(lifetime.TotalSeconds),
            ["refresh_token"] = refreshToken,
            ["x_refresh_token_expires_in"] = 8_726_400,
        });
    }

    private static bool ClientMatches(HttpRequest request, string clientId, string clientSecret)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            return FixedTimeEquals(pair, clientId + ":" + clientSecret);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool FixedTimeEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));

    private static IResult Error(int status, string error) =>
        TypedResults.Json(new Dictionary<string, string> { ["error"] = error }, statusCode: status);
}
