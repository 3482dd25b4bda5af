using System.Text.Json;

namespace FunctionApp.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c> (the Azure Functions local settings format: a <c>Values</c> object of app settings)
/// into configuration, as the Functions host does for a local run. <c>__</c> in a name nests, as in environment variables.
/// In Development, a missing file is created from <c>local.settings.sample.json</c> so a fresh clone runs as is, and a
/// setting the file lacks falls back to the sample's value.
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder configuration, IHostEnvironment environment)
    {
        // Only a local run reads it, as with the Functions host; on Azure the settings are app settings.
        var folder = environment.IsDevelopment() ? FindFolder(environment.ContentRootPath) : null;
        if (folder is null)
        {
            return configuration;
        }

        var path = Path.Combine(folder, FileName);
        var sample = Path.Combine(folder, SampleFileName);
        if (!File.Exists(path) && File.Exists(sample))
        {
            File.Copy(sample, path);
        }

        // The sample's values first, then the file's: a setting added to the sample after the file was created still
        // gets its development value, so pulling a new feature never stops a local run for a missing setting.
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in new[] { sample, path }.Where(File.Exists))
        {
            ReadValues(file, values);
        }

        // Environment variables and the command line still win over the file, as they do for the Functions host.
        var sources = configuration.Sources.ToList();
        configuration.Sources.Clear();
        configuration.AddInMemoryCollection(values);
        foreach (var source in sources)
        {
            configuration.Sources.Add(source);
        }

        return configuration;
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

    /// <summary>The folder holding host.json: the content root or one of its parents (the repository root locally).</summary>
    private static string? FindFolder(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "host.json")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
