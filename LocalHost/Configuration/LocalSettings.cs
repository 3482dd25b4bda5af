using System.Text.Json;

namespace LocalHost.Configuration;

/// <summary>
/// Reads <c>local.settings.json</c> (the Azure Functions local settings format: a <c>Values</c> object of app settings)
/// from FunctionApp's folder, as the Functions host does for a local run. <c>__</c> in a name nests, as in environment
/// variables. In Development, a missing file is created from <c>local.settings.sample.json</c> so a fresh clone runs as
/// is, and a setting the file lacks falls back to the sample's value. Only a local run reads it; on Azure the settings
/// are app settings.
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    /// <summary>The settings of a local run (Development only), or none.</summary>
    public static Dictionary<string, string?> Read(string folder, IHostEnvironment environment)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!environment.IsDevelopment())
        {
            return values;
        }

        var path = Path.Combine(folder, FileName);
        var sample = Path.Combine(folder, SampleFileName);
        if (!File.Exists(path) && File.Exists(sample))
        {
            File.Copy(sample, path);
        }

        // The sample's values first, then the file's: a setting added to the sample after the file was created still
        // gets its development value, so pulling a new feature never stops a local run for a missing setting.
        foreach (var file in new[] { sample, path }.Where(File.Exists))
        {
            ReadValues(file, values);
        }

        return values;
    }

    private static void ReadValues(string path, Dictionary<string, string?> values)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var settings))
        {
            foreach (var setting in settings.EnumerateObject())
            {
                values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] = setting.Value.ValueKind == JsonValueKind.String
                    ? setting.Value.GetString()
                    : setting.Value.GetRawText();
            }
        }
    }
}
