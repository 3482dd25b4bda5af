using System.Text.Json.Serialization;

namespace FunctionApp.OrderBatches;

/// <summary>The formats an order file may have, told by its name's extension or an upload's content type.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderFileFormat>))]
internal enum OrderFileFormat
{
    /// <summary>Comma-separated, a header row, one order line a row; rows with the same <c>orderRef</c> make one order.</summary>
    Csv,

    /// <summary>JSON Lines: one order a line, as the body of <c>POST /api/orders</c> plus its <c>orderRef</c>.</summary>
    JsonLines,
}

/// <summary>Tells an order file's format.</summary>
internal static class OrderFileFormats
{
    /// <summary>The extensions that name a format, for error messages.</summary>
    public const string Known = ".csv, .jsonl or .ndjson";

    public static OrderFileFormat? FromName(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".csv" => OrderFileFormat.Csv,
        ".jsonl" or ".ndjson" => OrderFileFormat.JsonLines,
        _ => null,
    };

    public static OrderFileFormat? FromContentType(string? contentType)
    {
        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "text/csv" or "application/csv" => OrderFileFormat.Csv,
            "application/jsonl" or "application/x-jsonlines" or "application/x-ndjson" or "application/ndjson" => OrderFileFormat.JsonLines,
            _ => null,
        };
    }

    public static string Extension(OrderFileFormat format) => format == OrderFileFormat.Csv ? ".csv" : ".jsonl";
}
