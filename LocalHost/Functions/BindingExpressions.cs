using System.Text.RegularExpressions;

namespace LocalHost.Functions;

/// <summary>
/// Resolves <c>%Setting%</c> in a trigger's settings (a queue name, a schedule) from the app settings, as the Functions
/// host does when it indexes the function: a setting that is missing stops the start, naming the function and the setting.
/// </summary>
internal static partial class BindingExpressions
{
    public static string Resolve(string expression, IConfiguration configuration, FunctionDefinition function) =>
        Setting().Replace(expression, match => configuration[match.Groups[1].Value] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{function}: its trigger refers to the app setting '{match.Groups[1].Value}', which is not set (env {match.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal)})."));

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Setting();
}
