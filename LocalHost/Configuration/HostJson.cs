using System.Globalization;
using System.Text.Json;

namespace LocalHost.Configuration;

/// <summary>
/// Reads <c>host.json</c> into configuration under <see cref="Section"/>, as the Functions host does: an app setting such
/// as <c>AzureFunctionsJobHost__extensions__durableTask__hubName</c> overrides the file's value. Its
/// <c>logging.logLevel</c> becomes the console's log levels, so the file quiets the same categories in both hosts.
/// </summary>
internal static class HostJson
{
    public const string Section = "AzureFunctionsJobHost";

    public static Dictionary<string, string?> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(document.RootElement, Section, values);
        if (document.RootElement.TryGetProperty("logging", out var logging) && logging.TryGetProperty("logLevel", out var levels))
        {
            foreach (var level in levels.EnumerateObject())
            {
                values["Logging:LogLevel:" + (level.Name.Equals("default", StringComparison.OrdinalIgnoreCase) ? "Default" : level.Name)] = level.Value.GetString();
            }
        }

        return values;
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix + ":" + property.Name, values);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, prefix + ":" + index.ToString(CultureInfo.InvariantCulture), values);
                    index++;
                }

                break;
            case JsonValueKind.String:
                values[prefix] = element.GetString();
                break;
            case JsonValueKind.Null:
                values[prefix] = null;
                break;
            default:
                values[prefix] = element.GetRawText();
                break;
        }
    }
}
