using System.Security.Cryptography;
using System.Text;
using LocalHost.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LocalHost.Management;

/// <summary>
/// The list API's continuation tokens, signed, so that one this API did not issue is a 400 rather than a query the
/// provider would run from wherever a forged token points (its table continuation is plain keys). The signature is an
/// HMAC with a key derived from the admin key: tokens outlive a restart, not a key change.
/// </summary>
internal sealed class ContinuationTokens(IOptions<HostKeyOptions> keys)
{
    private const int SignatureBytes = 16;

    public string Protect(string providerToken)
    {
        var token = Encoding.UTF8.GetBytes(providerToken);
        return WebEncoders.Base64UrlEncode(token) + "." + WebEncoders.Base64UrlEncode(Sign(token));
    }

    /// <summary>The provider's token inside <paramref name="issued"/>, or null if this API did not issue it.</summary>
    public string? Unprotect(string issued)
    {
        var parts = issued.Split('.');
        if (parts.Length != 2)
        {
            return null;
        }

        try
        {
            var token = WebEncoders.Base64UrlDecode(parts[0]);
            return CryptographicOperations.FixedTimeEquals(Sign(token), WebEncoders.Base64UrlDecode(parts[1])) ? Encoding.UTF8.GetString(token) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private byte[] Sign(byte[] token)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes("continuation-tokens:" + keys.Value.AdminKey));
        return HMACSHA256.HashData(key, token)[..SignatureBytes];
    }
}
