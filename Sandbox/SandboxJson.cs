using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox;

/// <summary>The JSON settings of the sandbox, independent of the app's own.</summary>
internal static class SandboxJson
{
    /// <summary>Our own shapes (control surface, inventory, Acme): web defaults, camelCase, numbers only as numbers.</summary>
    public static JsonSerializerOptions Camel { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// The real services' shapes (QuickBooks Online, SES): property names as declared (PascalCase, with
    /// <see cref="JsonPropertyNameAttribute"/> where the service differs), nulls left out as the services do.
    /// </summary>
    public static JsonSerializerOptions Pascal { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
