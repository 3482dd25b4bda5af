using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sandbox.Acme;

/// <summary>
/// Acme's check of a signed webhook, as the real service makes it: <c>X-Acme-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>,
/// HMAC-SHA256 with the shared secret (<c>Sandbox:Acme:WebhookSecret</c>, default <c>sandbox-acme-webhook-secret</c>)
/// over the timestamp, a dot and the raw body, within 5 minutes of the clock. Anything else is a 401 before the request
/// is read or recorded.
/// </summary>
internal sealed class AcmeWebhookSignature : IEndpointFilter
{
    public const string HeaderName = "X-Acme-Signature";
    public const string DevelopmentSecret = "sandbox-acme-webhook-secret";
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var secret = http.RequestServices.GetRequiredService<IConfiguration>()["Sandbox:Acme:WebhookSecret"] is { Length: > 0 } configured ? configured : DevelopmentSecret;
        http.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        http.Request.Body.Position = 0;

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return Verify(secret, http.Request.Headers[HeaderName].ToString(), buffer.ToArray(), now) is { } problem
            ? TypedResults.Problem(detail: problem, statusCode: StatusCodes.Status401Unauthorized, title: "Invalid webhook signature")
            : await next(context);
    }

    /// <summary>Null when the header signs the body with the secret, recently; otherwise what is wrong.</summary>
    private static string? Verify(string secret, string header, byte[] body, DateTimeOffset now)
    {
        long? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                signatures.Add(part[3..]);
            }
        }

        if (timestamp is null || signatures.Count == 0)
        {
            return $"Send '{HeaderName}: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">'.";
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp.Value)).Duration() > Tolerance)
        {
            return "The signature's timestamp is more than 5 minutes from the clock.";
        }

        var signed = Encoding.UTF8.GetBytes(timestamp.Value.ToString(CultureInfo.InvariantCulture) + ".").Concat(body).ToArray();
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s.ToLowerInvariant()), expected))
            ? null
            : "The signature does not match the body.";
    }
}
