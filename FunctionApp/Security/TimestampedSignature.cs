using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FunctionApp.Security;

/// <summary>
/// The signature scheme of the app's signed HTTP bodies, both ways (callbacks it sends, webhooks it receives):
/// <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>, where the signed text is the timestamp, a dot, and the raw
/// body. A receiver recomputes it, compares in constant time and rejects timestamps too far from its clock (replays).
/// </summary>
/// <remarks>
/// Several <c>v1=</c> values may be sent (a sender rotating its key signs with both); one that matches is enough.
/// </remarks>
internal static class TimestampedSignature
{
    private const int HexLength = 64;
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static string Create(string key, long unixSeconds, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Compute(key, unixSeconds, body))}";

    /// <summary>Checks <paramref name="header"/> against <paramref name="body"/>, the key and the clock, and says what is wrong with it, if anything.</summary>
    public static SignatureCheck Check(string key, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureCheck.Missing;
        }

        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal) && part.Length == 3 + HexLength && !part.AsSpan(3).ContainsAnyExcept(HexDigits))
            {
                signatures.Add(Convert.FromHexString(part.AsSpan(3)));
            }
        }

        if (timestamp is null || signatures.Count == 0)
        {
            return SignatureCheck.Malformed;
        }

        if (Math.Abs((decimal)now.ToUnixTimeSeconds() - timestamp.Value) > (decimal)tolerance.TotalSeconds)
        {
            return SignatureCheck.Expired;
        }

        var expected = Compute(key, timestamp.Value, body);
        var matched = false;
        foreach (var signature in signatures)
        {
            // No early exit: the time taken does not depend on which signature matched.
            matched |= CryptographicOperations.FixedTimeEquals(expected, signature);
        }

        return matched ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    private static byte[] Compute(string key, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signed);
    }
}
