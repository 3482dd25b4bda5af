using Azure.Data.Tables;

namespace Sandbox.Storage;

/// <summary>
/// Stores long text across several string properties (<c>Name</c>, <c>Name1</c>, <c>Name2</c>…), because a table
/// string property holds at most 64 KiB (32,768 UTF-16 characters).
/// </summary>
internal static class TextChunks
{
    private const int ChunkLength = 32_000;

    /// <summary>The most characters <paramref name="maxChunks"/> chunks hold.</summary>
    public static int Capacity(int maxChunks) => maxChunks * ChunkLength;

    /// <summary>Writes at most <see cref="Capacity"/> characters of <paramref name="text"/>; returns false when it had to cut.</summary>
    public static bool Write(TableEntity entity, string name, string text, int maxChunks)
    {
        var offset = 0;
        for (var index = 0; index < maxChunks && offset < text.Length; index++)
        {
            var length = Math.Min(ChunkLength, text.Length - offset);
            if (offset + length < text.Length && char.IsHighSurrogate(text[offset + length - 1]))
            {
                length--; // never split a surrogate pair: half of one does not survive the trip through storage
            }

            entity[PropertyName(name, index)] = text.Substring(offset, length);
            offset += length;
        }

        if (text.Length == 0)
        {
            entity[name] = string.Empty;
        }

        return offset == text.Length;
    }

    /// <summary>Reassembles the text, or null when no chunk is there.</summary>
    public static string? Read(TableEntity entity, string name, int maxChunks)
    {
        var first = entity.GetString(name);
        if (first is null)
        {
            return null;
        }

        var rest = Enumerable.Range(1, maxChunks - 1)
            .Select(index => entity.GetString(PropertyName(name, index)))
            .TakeWhile(chunk => chunk is not null);
        return string.Concat(rest.Prepend(first));
    }

    /// <summary>The property names the chunks may use, for a query's select list.</summary>
    public static IEnumerable<string> PropertyNames(string name, int maxChunks) =>
        Enumerable.Range(0, maxChunks).Select(index => PropertyName(name, index));

    private static string PropertyName(string name, int index) =>
        index == 0 ? name : name + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
