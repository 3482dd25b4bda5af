using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sandbox.Http;

/// <summary>
/// Reads request bodies by hand rather than through parameter binding, so that a malformed body is answered in the
/// simulated system's own error shape and the text can be recorded as received.
/// </summary>
internal static class JsonBody
{
    public static async Task<ParsedBody<T>> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new(null, text, "A JSON request body is required.");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(text, options);
            return value is null
                ? new(null, text, "The request body must be a JSON object, not null.")
                : new(value, text, null);
        }
        catch (JsonException ex)
        {
            return new(null, text, $"The request body is not valid JSON or has a value of the wrong type at '{ex.Path ?? "$"}'.");
        }
    }
}
