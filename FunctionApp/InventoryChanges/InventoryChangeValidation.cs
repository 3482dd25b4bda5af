using System.Text.Json;
using System.Text.RegularExpressions;
using FunctionApp.Http;

namespace FunctionApp.InventoryChanges;

/// <summary>
/// Checks inventory changes field by field, in a webhook request (every problem at once, keyed by its JSON path) and
/// in a queue message (the same rules, so a message nobody could have enqueued is recognised as garbage).
/// </summary>
internal static partial class InventoryChangeValidation
{
    public const int MaxChanges = 1000;
    public const int MaxIdLength = 100;
    public const int MaxDelta = 1_000_000;

    public static (IReadOnlyList<InventoryChange>? Changes, Dictionary<string, string[]> Errors) Validate(InventoryChangesRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Changes is null || request.Changes.Count == 0)
        {
            errors["changes"] = ["At least one change is required."];
            return (null, errors);
        }

        if (request.Changes.Count > MaxChanges)
        {
            errors["changes"] = [$"At most {MaxChanges} changes are allowed per request; send the rest in another."];
            return (null, errors);
        }

        var changes = new List<InventoryChange>(request.Changes.Count);
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < request.Changes.Count; i++)
        {
            var path = $"changes[{i}]";
            if (Check(request.Changes[i], path, errors) is not { } change)
            {
                continue;
            }

            if (!firstIndexOfId.TryAdd(change.Id, i))
            {
                errors[$"{path}.id"] = [$"The id is also used by changes[{firstIndexOfId[change.Id]}]; ids must be unique within a request."];
                continue;
            }

            changes.Add(change);
        }

        return errors.Count > 0 ? (null, errors) : (changes, errors);
    }

    /// <summary>Reads a queue message: the change, or why it is not one.</summary>
    public static (InventoryChange? Change, string? Problem) ParseMessage(string text)
    {
        InventoryChangeRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<InventoryChangeRequest>(text, JsonBody.Strict);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
            return (null, $"The message is not a JSON inventory change (malformed JSON, an unknown field or a value of the wrong type{where}).");
        }

        var errors = new Dictionary<string, string[]>();
        var change = Check(request, "$", errors);
        return change is not null
            ? (change, null)
            : (null, "The message is not a valid inventory change: " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    private static InventoryChange? Check(InventoryChangeRequest? item, string path, Dictionary<string, string[]> errors)
    {
        if (item is null)
        {
            errors[path] = ["A change may not be null."];
            return null;
        }

        var valid = true;
        void Fail(string field, string message)
        {
            errors[$"{path}.{field}"] = [message];
            valid = false;
        }

        if (item.Id is null || item.Id.Length is 0 or > MaxIdLength || !item.Id.All(c => c is >= ' ' and <= '~') || string.IsNullOrWhiteSpace(item.Id))
        {
            Fail("id", $"The id is required: 1 to {MaxIdLength} printable ASCII characters.");
        }

        if (item.Sku is null || !SkuPattern().IsMatch(item.Sku))
        {
            Fail("sku", "The SKU is required: 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        if (item.Delta is null or 0 or < -MaxDelta or > MaxDelta)
        {
            Fail("delta", $"The delta is required: a whole number from -{MaxDelta} to {MaxDelta}, not 0.");
        }

        return valid ? new InventoryChange(item.Id!, item.Sku!, item.Delta!.Value, item.OccurredAt) : null;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex SkuPattern();
}
