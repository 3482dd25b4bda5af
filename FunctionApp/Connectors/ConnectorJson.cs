using System.Text.Json;

namespace FunctionApp.Connectors;

/// <summary>The JSON settings of requests to third-party systems.</summary>
internal static class ConnectorJson
{
    /// <summary>
    /// Property names exactly as the request shapes declare them: QuickBooks Online and Amazon SES name their fields in
    /// PascalCase (<c>Line</c>, <c>FromEmailAddress</c>) and match them case-sensitively, so camelCasing them would lose them.
    /// </summary>
    public static JsonSerializerOptions AsDeclared { get; } = new() { PropertyNamingPolicy = null };
}
