using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Storage;

/// <summary>Turns arbitrary text (SKUs, idempotency keys) into a valid table key.</summary>
internal static class TableKeys
{
    /// <summary>
    /// Lower-case hex of the SHA-256 of <paramref name="text"/>: fixed length and free of the characters a key may
    /// not contain (<c>/ \ # ?</c> and control characters). The original text is kept in a property beside it.
    /// </summary>
    public static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
