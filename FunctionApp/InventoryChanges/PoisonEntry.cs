using System.Text.Json;

namespace FunctionApp.InventoryChanges;

/// <summary>
/// A poison queue message as the console shows it: the change it holds (or, for a message that was not a change, its
/// text), why it was given up on, after how many deliveries and when, and whether a replay would put it back.
/// </summary>
internal sealed record PoisonEntry(
    string Id,
    DateTimeOffset? InsertedOn,
    JsonElement? Change,
    string? Message,
    string Reason,
    long? Attempts,
    DateTimeOffset? FailedAt,
    bool Replayable)
{
    /// <summary>Why a message the Functions host moved itself (a bare change, after its <c>maxDequeueCount</c>) is there.</summary>
    public const string HostMovedReason = "It failed on every delivery allowed (the host's maxDequeueCount) and was moved here by the host.";

    public static PoisonEntry Read(string id, DateTimeOffset? insertedOn, string text)
    {
        var replayable = InventoryChangeQueues.ChangeOf(text) is not null;
        try
        {
            var entry = JsonSerializer.Deserialize<PoisonedInventoryChange>(text, PoisonedInventoryChange.Json);
            if (entry is { Reason: not null })
            {
                return new PoisonEntry(id, insertedOn, entry.Change, entry.Message, entry.Reason, entry.Attempts, entry.FailedAt, replayable);
            }
        }
        catch (JsonException)
        {
        }

        JsonElement? bare = null;
        try
        {
            bare = JsonElement.Parse(text) is { ValueKind: JsonValueKind.Object } parsed ? parsed : null;
        }
        catch (JsonException)
        {
        }

        return new PoisonEntry(id, insertedOn, bare, bare is null ? Cut(text) : null, HostMovedReason, null, null, replayable);
    }

    private static string Cut(string text) => text.Length > PoisonedInventoryChange.MaxMessageChars ? text[..PoisonedInventoryChange.MaxMessageChars] : text;
}
