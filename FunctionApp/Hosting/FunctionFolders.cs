using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionApp.Hosting;

/// <summary>
/// The function folders of a package: <c>&lt;root&gt;/&lt;Name&gt;/function.json</c> for each function of a
/// <see cref="FunctionCatalog"/>, written at publish time and compared with the catalog when the host starts the app.
/// </summary>
internal static class FunctionFolders
{
    public const string FileName = "function.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes every function's folder under <paramref name="root"/>, replacing function.json files already there.</summary>
    public static void Write(FunctionCatalog catalog, string root)
    {
        Directory.CreateDirectory(root);
        foreach (var function in catalog.Functions)
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, function.Name));
            File.WriteAllText(Path.Combine(folder.FullName, FileName), function.ToFunctionJson().ToJsonString(Indented) + "\n", new UTF8Encoding(false));
        }
    }

    /// <summary>
    /// The functions whose folder under <paramref name="root"/> is missing or holds another function.json than the app
    /// defines now: a package published with other settings (task hub, partitions) than the app runs with.
    /// </summary>
    public static IReadOnlyList<string> Mismatches(IEnumerable<FunctionDefinition> functions, string root)
    {
        var mismatches = new List<string>();
        foreach (var function in functions)
        {
            var path = Path.Combine(root, function.Name, FileName);
            JsonNode? written = null;
            try
            {
                written = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
            }
            catch (JsonException)
            {
                // Unreadable counts as different.
            }

            if (!JsonNode.DeepEquals(written, function.ToFunctionJson()))
            {
                mismatches.Add(function.Name);
            }
        }

        return mismatches;
    }
}
