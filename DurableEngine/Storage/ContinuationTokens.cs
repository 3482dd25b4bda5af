using System.Buffers.Text;
using System.Text;

namespace DurableEngine.Storage;

/// <summary>
/// Wraps the table service's resume keys in an opaque, versioned token, so a token this API did not issue is refused
/// (a <see cref="FormatException"/>) instead of silently resuming a query somewhere else.
/// </summary>
internal static class ContinuationTokens
{
    private const string Prefix = "di1|";

    public static string? Encode(string? storageToken) =>
        storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + storageToken));

    public static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new FormatException("The continuation token was not issued by this API.");
        }

        return text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length > Prefix.Length
            ? text[Prefix.Length..]
            : throw new FormatException("The continuation token was not issued by this API.");
    }
}
