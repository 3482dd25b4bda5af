namespace FunctionApp.Security;

/// <summary>What <see cref="TimestampedSignature.Check"/> found.</summary>
internal enum SignatureCheck
{
    /// <summary>The signature matches the body and key, within the time tolerance.</summary>
    Valid,

    /// <summary>No signature header was sent.</summary>
    Missing,

    /// <summary>The header lacks a <c>t=</c> timestamp or a <c>v1=</c> signature of 64 hex digits.</summary>
    Malformed,

    /// <summary>The timestamp is further from the receiver's clock than the tolerance (a replay, or a wrong clock).</summary>
    Expired,

    /// <summary>No signature matches: another key, or the body was changed.</summary>
    Mismatch,
}
