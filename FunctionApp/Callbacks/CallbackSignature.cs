using FunctionApp.Security;

namespace FunctionApp.Callbacks;

/// <summary>
/// The <c>X-Acme-Signature</c> header of a callback: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>
/// (<see cref="TimestampedSignature"/>), where the HMAC key is <c>Callbacks:SigningKey</c> and the signed text is the
/// timestamp, a dot, and the raw body. A receiver recomputes it, compares in constant time and rejects old timestamps (replays).
/// </summary>
internal static class CallbackSignature
{
    public const string HeaderName = "X-Acme-Signature";

    public static string Create(string signingKey, long unixSeconds, ReadOnlySpan<byte> body) =>
        TimestampedSignature.Create(signingKey, unixSeconds, body);

    /// <summary>True if <paramref name="header"/> signs <paramref name="body"/> with the key and is no older than <paramref name="tolerance"/>.</summary>
    public static bool Verify(string signingKey, string header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance) =>
        TimestampedSignature.Check(signingKey, header, body, now, tolerance) == SignatureCheck.Valid;
}
