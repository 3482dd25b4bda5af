using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunctionApp;

/// <summary>
/// How the app's JSON looks wherever it leaves the code: Durable inputs, outputs and custom status (through the worker's
/// serializer, so the management API shows them the same in both hosts), HTTP bodies and reports. Web names, nulls left out.
/// </summary>
public static class AppJson
{
    /// <summary>The options; do not change them at run time.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    internal static void CopyTo(JsonSerializerOptions target)
    {
        target.PropertyNamingPolicy = Options.PropertyNamingPolicy;
        target.PropertyNameCaseInsensitive = Options.PropertyNameCaseInsensitive;
        target.NumberHandling = Options.NumberHandling;
        target.DefaultIgnoreCondition = Options.DefaultIgnoreCondition;
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
