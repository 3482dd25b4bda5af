using System.Globalization;

namespace FunctionApp.Http;

/// <summary>A whole-number query value (digits only, no sign or spaces) within bounds.</summary>
internal static class QueryNumber
{
    /// <summary><paramref name="fallback"/> when <paramref name="text"/> is absent; null when it is not a whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static int? Read(string? text, int fallback, int min, int max) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : null;
}
