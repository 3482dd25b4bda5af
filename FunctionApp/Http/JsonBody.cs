using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunctionApp.Http;

/// <summary>
/// Reads a JSON request body strictly and within a size limit: too large is 413, not JSON is 415, malformed or of the
/// wrong shape (unknown fields, numbers as strings, wrong types) is 400 naming the offending path.
/// </summary>
internal static class JsonBody
{
    public static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        MaxDepth = 16,
    };

    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (default, TooLarge(maxBytes));
        }

        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (default, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (default, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (default, Problems.Create(StatusCodes.Status400BadRequest, "Missing body", "The request needs a JSON body."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Strict);
            return value is null
                ? (default, Problems.Create(StatusCodes.Status400BadRequest, "Invalid body", "The body is JSON null; an object is expected."))
                : (value, null);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
            var why = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "an unknown field" : "malformed JSON or a value of the wrong type";
            return (default, Problems.Create(StatusCodes.Status400BadRequest, "Invalid body", $"The body has {why}{where}."));
        }
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {maxBytes} bytes.");
}
