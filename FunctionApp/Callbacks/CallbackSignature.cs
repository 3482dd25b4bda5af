using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunctionApp.Callbacks;

/// <summary>
/// The <c>X-Acme-Signature</c> header of a callback: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>, where the
/// HMAC key is <c>Callbacks:SigningKey</c> and the signed text is the timestamp, a dot, and the raw body.
/// A receiver recomputes it, compares in constant time and rejects old timestamps (replays).
/// </summary>
internal static class CallbackSignature
{
    public const string HeaderName = "X-Acme-Signature";

    public static string Create(string signingKey, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Compute(signingKey, unixSeconds, body)}";

    /// <summary>True if <paramref name="header"/> signs <paramref name="body"/> with the key and is no older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string signingKey, string header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        long? timestamp = null;
        string? signature = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                signature = part[3..];
            }
        }

        if (timestamp is null || signature is null || Math.Abs(now.ToUnixTimeSeconds() - timestamp.Value) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(signingKey, timestamp.Value, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private static string Compute(string signingKey, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), signed));
    }
}
