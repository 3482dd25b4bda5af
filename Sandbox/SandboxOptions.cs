namespace Sandbox;

/// <summary>Settings of the sandbox, bound from the <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Sandbox";

    /// <summary>The longest allowed <see cref="TablePrefix"/>, leaving room for the longest table suffix.</summary>
    public const int MaxTablePrefixLength = 55;

    /// <summary>
    /// Whether the sandbox answers at all. When false, <see cref="SandboxEndpoints.MapSandbox"/> maps no endpoint.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Prefix of the sandbox's table names (<c>{TablePrefix}stock</c>, <c>{TablePrefix}faults</c>, <c>{TablePrefix}requests</c>).
    /// </summary>
    /// <remarks>
    /// Azure table names are alphanumeric, start with a letter and are at most 63 characters long, so the prefix
    /// is letters and digits, starts with a letter and is at most <see cref="MaxTablePrefixLength"/> characters.
    /// </remarks>
    public string TablePrefix { get; set; } = "sandbox";

    internal static bool IsValidTablePrefix(string? prefix) =>
        !string.IsNullOrEmpty(prefix)
        && prefix.Length <= MaxTablePrefixLength
        && char.IsAsciiLetter(prefix[0])
        && prefix.All(char.IsAsciiLetterOrDigit);
}
