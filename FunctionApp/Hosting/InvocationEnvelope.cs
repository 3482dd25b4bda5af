using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunctionApp.Hosting;

/// <summary>
/// The body of the host's invocation request for a non-HTTP trigger: <c>Data</c> (the trigger's and inputs' values by
/// binding name) and <c>Metadata</c> (the trigger's metadata: for a queue message <c>Id</c>, <c>DequeueCount</c>,
/// <c>InsertionTime</c>, <c>PopReceipt</c>, ...).
/// </summary>
/// <remarks>
/// The host serializes most values a second time: a string arrives as a JSON string holding a JSON string literal
/// (<c>"\"hello\""</c>), a number as a string (<c>"1"</c>); the documentation's samples show them plain. Both are read,
/// as is a value the host parsed into an object. A message whose own text is a JSON string literal would be read as
/// its content: the engine's messages are JSON objects.
/// </remarks>
internal sealed class InvocationRequest
{
    private InvocationRequest(Dictionary<string, JsonElement> data, Dictionary<string, JsonElement> metadata, string? invocationId)
    {
        Data = data;
        Metadata = metadata;
        InvocationId = invocationId;
    }

    /// <summary>The header the host sends with every invocation.</summary>
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    public IReadOnlyDictionary<string, JsonElement> Data { get; }

    public IReadOnlyDictionary<string, JsonElement> Metadata { get; }

    public string? InvocationId { get; }

    public static async Task<InvocationRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new InvalidInvocationException($"The invocation request is not JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInvocationException("The invocation request must be a JSON object with 'Data' and 'Metadata'.");
            }

            var data = Members(document.RootElement, "Data") ?? throw new InvalidInvocationException("The invocation request has no 'Data' object.");
            var metadata = Members(document.RootElement, "Metadata") ?? new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            return new InvocationRequest(data, metadata, request.Headers[InvocationIdHeader].FirstOrDefault());
        }
    }

    /// <summary>The queue message in <c>Data[binding]</c> with its <c>Id</c> and <c>DequeueCount</c>.</summary>
    public TriggeredQueueMessage ToQueueMessage(string queueName, string binding)
    {
        if (!Data.TryGetValue(binding, out var value) || Text(value) is not { } text)
        {
            throw new InvalidInvocationException($"The invocation request has no queue message in Data.{binding}.");
        }

        if (!Metadata.TryGetValue("DequeueCount", out var count) || Number(count) is not { } dequeueCount || dequeueCount < 1)
        {
            throw new InvalidInvocationException("The invocation request has no Metadata.DequeueCount (a positive whole number).");
        }

        var id = Metadata.TryGetValue("Id", out var idValue) && Text(idValue) is { Length: > 0 } given
            ? given
            : InvocationId ?? Guid.NewGuid().ToString();
        return new TriggeredQueueMessage(queueName, id, text, dequeueCount);
    }

    /// <summary>A value as text: a string with one level of JSON string encoding removed if it has one, anything else as JSON.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Unquote(value.GetString()!),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    /// <summary>A whole number given as a JSON number or as a string holding one.</summary>
    public static long? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out var n) ? n : null,
        JsonValueKind.String => long.TryParse(Unquote(value.GetString()!), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
        _ => null,
    };

    private static string Unquote(string text)
    {
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            try
            {
                return JsonSerializer.Deserialize<string>(text) ?? text;
            }
            catch (JsonException)
            {
                // Quotes that are part of the text itself.
            }
        }

        return text;
    }

    private static Dictionary<string, JsonElement>? Members(JsonElement root, string name)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Object
                    ? property.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.OrdinalIgnoreCase)
                    : null;
            }
        }

        return null;
    }
}

/// <summary>
/// The body of a successful invocation: no output bindings, no logs (the app logs to stdout, which the host collects),
/// no return value. Property names as the host reads them.
/// </summary>
internal sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue)
{
    public static InvocationResponse Empty { get; } = new(new Dictionary<string, object?>(), [], null);
}

/// <summary>An invocation request the app cannot read: answered 400, so the host retries it and in the end poisons it.</summary>
internal sealed class InvalidInvocationException(string message) : Exception(message);
