using System.Text.Json;
using System.Text.Json.Serialization;

namespace FunctionApp.InventoryChanges;

/// <summary>
/// A message of the poison queue: the original change (<see cref="Change"/>, the queue message's JSON as it was), or,
/// for a message that was not a change at all, its text (<see cref="Message"/>, cut to <see cref="MaxMessageChars"/>);
/// why it was given up on, after how many deliveries, and when.
/// </summary>
internal sealed record PoisonedInventoryChange(
    JsonElement? Change,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    string Reason,
    long Attempts,
    DateTimeOffset FailedAt)
{
    /// <summary>The most of a garbage message's text kept, so the poison message stays within the queue's 64 KB even with every character escaped.</summary>
    public const int MaxMessageChars = 8_000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A poison entry for a change that could not be applied: the queue message's JSON as its <see cref="Change"/>.</summary>
    public static PoisonedInventoryChange ForChange(string messageText, string reason, long attempts, DateTimeOffset failedAt) =>
        new(JsonElement.Parse(messageText), null, reason, attempts, failedAt);

    /// <summary>A poison entry for a message that is not a change: its text, cut to <see cref="MaxMessageChars"/>.</summary>
    public static PoisonedInventoryChange ForGarbage(string messageText, string reason, long attempts, DateTimeOffset failedAt) =>
        new(null, messageText.Length > MaxMessageChars ? messageText[..MaxMessageChars] : messageText, reason, attempts, failedAt);

    public string ToMessage() => JsonSerializer.Serialize(this, Json);
}
