using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunctionApp.Tests.Hosting;

/// <summary>How the Functions host encodes the values of an invocation request.</summary>
public enum EnvelopeStyle
{
    /// <summary>
    /// As the host's code does (ScriptInvocationContextExtensions: a string or a number that is not an object goes through
    /// JsonConvert.SerializeObject): strings arrive JSON-encoded inside a JSON string, numbers as strings.
    /// </summary>
    HostCode,

    /// <summary>As the custom handler documentation's sample shows: plain strings, numbers as numbers.</summary>
    Documented,

    /// <summary>A message whose text is JSON handed over as the parsed object.</summary>
    ParsedObject,
}

/// <summary>Invocation requests shaped like the Functions host's, for queue triggers.</summary>
public static class Envelopes
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static StringContent QueueMessage(string binding, string text, string id, long dequeueCount, EnvelopeStyle style)
    {
        var now = DateTimeOffset.UtcNow;
        JsonNode? String(string value) => style == EnvelopeStyle.HostCode ? JsonValue.Create(JsonSerializer.Serialize(value)) : JsonValue.Create(value);
        var data = style == EnvelopeStyle.ParsedObject ? JsonNode.Parse(text) : String(text);
        var envelope = new JsonObject
        {
            ["Data"] = new JsonObject { [binding] = data },
            ["Metadata"] = new JsonObject
            {
                ["DequeueCount"] = style == EnvelopeStyle.HostCode ? JsonValue.Create(dequeueCount.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(dequeueCount),
                ["ExpirationTime"] = String(now.AddDays(7).ToString("O", CultureInfo.InvariantCulture)),
                ["Id"] = String(id),
                ["InsertionTime"] = String(now.ToString("O", CultureInfo.InvariantCulture)),
                ["NextVisibleTime"] = String(now.AddMinutes(10).ToString("O", CultureInfo.InvariantCulture)),
                ["PopReceipt"] = String("AgAAAAMAAAAAAAAAAgtnj8x+1QE="),
                ["sys"] = new JsonObject
                {
                    ["MethodName"] = "QueueTrigger",
                    ["UtcNow"] = now.ToString("O", CultureInfo.InvariantCulture),
                    ["RandGuid"] = Guid.NewGuid().ToString(),
                },
            },
        };
        return Json(envelope.ToJsonString());
    }
}
