using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Microsoft.AspNetCore.Http;

namespace Sandbox.Ses;

/// <summary>
/// Verifies AWS Signature Version 4 as SES does: recomputes the signature of the request with AWSSDK.Core's
/// <see cref="AWS4Signer"/> over the headers the caller says it signed, and compares it in constant time.
/// </summary>
internal static class SesSignature
{
    private const string Scheme = "AWS4-HMAC-SHA256";
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>The error to answer with, or null when the signature is valid.</summary>
    public static async Task<IResult?> VerifyAsync(HttpRequest request, string secretAccessKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? authorization = request.Headers.Authorization;
        if (authorization is null || !authorization.StartsWith(Scheme + " ", StringComparison.Ordinal))
        {
            return SesError.MissingAuthenticationToken();
        }

        var fields = authorization[(Scheme.Length + 1)..].Split(',', StringSplitOptions.TrimEntries)
            .Select(field => field.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credential)
            || !fields.TryGetValue("SignedHeaders", out var signedHeaders)
            || !fields.TryGetValue("Signature", out var signature)
            || credential.Split('/') is not [var accessKeyId, _, var region, var service, "aws4_request"]
            || !DateTime.TryParseExact((string?)request.Headers["X-Amz-Date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return SesError.IncompleteSignature();
        }

        if ((now - new DateTimeOffset(signedAt, TimeSpan.Zero)).Duration() > MaxSkew)
        {
            return SesError.SignatureExpired();
        }

        request.EnableBuffering();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        request.Body.Position = 0;

        var signing = new DefaultRequest(new SigningRequest(), "SimpleEmailServiceV2")
        {
            HttpMethod = request.Method,
            Endpoint = new Uri($"{request.Scheme}://{request.Host}"),
            ResourcePath = request.PathBase + request.Path,
            Content = body.ToArray(),
            AuthenticationRegion = region,
            OverrideSigningServiceName = service,
        };
        foreach (var name in signedHeaders.Split(';'))
        {
            // The signer adds these itself, from the endpoint, the time and the body.
            if (name is not ("host" or "x-amz-date" or "x-amz-content-sha256"))
            {
                signing.Headers[name] = request.Headers[name].ToString();
            }
        }

        var expected = new AWS4Signer().SignRequest(signing, new SesSigningConfig(), null, accessKeyId, secretAccessKey, signedAt);
        var same = string.Equals(expected.ForAuthorizationHeader.Split("SignedHeaders=")[1].Split(',')[0], signedHeaders, StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.Signature), Encoding.ASCII.GetBytes(signature));
        return same ? null : SesError.SignatureDoesNotMatch();
    }

    private sealed class SigningRequest : AmazonWebServiceRequest;
}
