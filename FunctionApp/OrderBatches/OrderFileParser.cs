using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunctionApp.Http;
using FunctionApp.Orders;

namespace FunctionApp.OrderBatches;

/// <summary>
/// Reads an order file line by line and validates every line with the same rules as <c>POST /api/orders</c>. A bad line
/// is refused with its reasons and the rest of the file goes on; an order with a bad line is not placed at all (its other
/// lines are <see cref="LineOutcomes.Rejected"/>), so no customer gets half an order.
/// </summary>
/// <remarks>
/// CSV: a header row naming the columns <c>orderRef, customerEmail, customerName, sku, quantity, unitPrice</c> (any
/// order, any case, more columns ignored), then one order line a row; rows with the same <c>orderRef</c> make one order
/// and must agree on the customer. Fields may be quoted (RFC 4180), but a record may not span lines.
/// JSON Lines: one order a line, <c>{"orderRef": ..., "customer": {...}, "lines": [...]}</c>.
/// </remarks>
internal static partial class OrderFileParser
{
    public static readonly IReadOnlyList<string> CsvColumns = ["orderRef", "customerEmail", "customerName", "sku", "quantity", "unitPrice"];

    public static ParsedOrderFile Parse(TextReader reader, OrderFileFormat format) =>
        format == OrderFileFormat.Csv ? ParseCsv(reader) : ParseJsonLines(reader);

    private static ParsedOrderFile ParseCsv(TextReader reader)
    {
        int lineNumber = 0, lines = 0;
        int[]? columns = null;
        var refused = new List<OrderFileLine>();
        var rows = new List<CsvRow>();
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (columns is null)
            {
                var (header, headerError) = SplitCsv(text);
                if (headerError is not null || (columns = ColumnIndexes(header)) is null)
                {
                    return new ParsedOrderFile(0, [], [], $"Line {lineNumber} must be a header row naming the columns {string.Join(", ", CsvColumns)}.");
                }

                continue;
            }

            lines++;
            var (fields, error) = SplitCsv(text);
            var row = error is null ? ReadRow(lineNumber, fields, columns, out error) : null;
            if (row is null)
            {
                var orderRef = fields.Count > columns[0] && CheckOrderRef(fields[columns[0]].Trim()) is null ? fields[columns[0]].Trim() : null;
                refused.Add(new OrderFileLine(lineNumber, orderRef, LineOutcomes.Invalid, error));
            }
            else
            {
                rows.Add(row);
            }
        }

        if (columns is null)
        {
            return new ParsedOrderFile(0, [], [], $"The file is empty: it needs a header row naming the columns {string.Join(", ", CsvColumns)}.");
        }

        var orders = new List<BatchOrder>();
        var spoiled = refused.Where(l => l.OrderRef is not null).GroupBy(l => l.OrderRef!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(l => l.Line).ToList(), StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.OrderRef, StringComparer.Ordinal))
        {
            var first = group.First();
            var mismatched = group.Where(r => !string.Equals(r.Email, first.Email, StringComparison.OrdinalIgnoreCase) || r.Name != first.Name).ToList();
            foreach (var row in mismatched)
            {
                refused.Add(new OrderFileLine(row.Line, row.OrderRef, LineOutcomes.Invalid,
                    $"The customer differs from line {first.Line}'s, the first line of order {row.OrderRef}."));
            }

            var bad = spoiled.TryGetValue(group.Key, out var badLines) ? badLines : [];
            bad.AddRange(mismatched.Select(r => r.Line));
            var valid = group.Except(mismatched).ToList();
            string? reason = bad.Count > 0
                ? $"Order {group.Key} is not placed: line(s) {string.Join(", ", bad.Order())} of it are invalid."
                : valid.Count > OrderValidation.MaxLines
                    ? $"Order {group.Key} has {valid.Count} lines; an order may have at most {OrderValidation.MaxLines}."
                    : null;
            if (reason is not null)
            {
                refused.AddRange(valid.Select(r => new OrderFileLine(r.Line, r.OrderRef, LineOutcomes.Rejected, reason)));
                continue;
            }

            orders.Add(new BatchOrder(
                group.Key,
                valid.Select(r => r.Line).ToList(),
                new Order(new Customer(first.Email, first.Name), valid.Select(r => r.Item).ToList())));
        }

        return new ParsedOrderFile(lines, refused.OrderBy(l => l.Line).ToList(), orders);
    }

    private static ParsedOrderFile ParseJsonLines(TextReader reader)
    {
        int lineNumber = 0, lines = 0;
        var refused = new List<OrderFileLine>();
        var orders = new List<BatchOrder>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            lines++;
            OrderFileRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<OrderFileRecord>(text, JsonBody.Strict);
            }
            catch (JsonException e)
            {
                refused.Add(new OrderFileLine(lineNumber, null, LineOutcomes.Invalid, $"Not a valid order: {JsonProblem(e)}"));
                continue;
            }

            if (record is null)
            {
                refused.Add(new OrderFileLine(lineNumber, null, LineOutcomes.Invalid, "Not a valid order: the line is null."));
                continue;
            }

            var errors = new List<string>();
            var orderRef = record.OrderRef;
            if (CheckOrderRef(orderRef) is { } refError)
            {
                errors.Add("orderRef: " + refError);
                orderRef = null;
            }
            else if (firstLineOf.TryGetValue(orderRef!, out var first))
            {
                errors.Add($"orderRef: order {orderRef} is on line {first} already.");
            }
            else
            {
                firstLineOf[orderRef!] = lineNumber;
            }

            var (order, orderErrors) = OrderValidation.Validate(new PlaceOrderRequest(record.Customer, record.Lines, null));
            errors.AddRange(orderErrors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            if (errors.Count > 0)
            {
                refused.Add(new OrderFileLine(lineNumber, orderRef, LineOutcomes.Invalid, string.Join(" ", errors)));
                continue;
            }

            orders.Add(new BatchOrder(orderRef!, [lineNumber], order!));
        }

        return new ParsedOrderFile(lines, refused, orders);
    }

    private static CsvRow? ReadRow(int lineNumber, List<string> fields, int[] columns, out string? error)
    {
        if (fields.Count < columns.Max() + 1)
        {
            error = $"The row has {fields.Count} field(s); the header names {columns.Max() + 1} or more.";
            return null;
        }

        string Field(int column) => fields[columns[column]].Trim();
        var errors = new List<string>();
        var orderRef = Field(0);
        if (CheckOrderRef(orderRef) is { } refError)
        {
            errors.Add("orderRef: " + refError);
        }

        int? quantity = int.TryParse(Field(4), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var q) ? q : null;
        if (quantity is null)
        {
            errors.Add($"quantity: '{Field(4)}' is not a whole number.");
        }

        decimal? unitPrice = decimal.TryParse(Field(5), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) ? p : null;
        if (unitPrice is null)
        {
            errors.Add($"unitPrice: '{Field(5)}' is not a number (use '.' for decimals).");
        }

        var request = new PlaceOrderRequest(new CustomerRequest(Field(1), Field(2)), [new OrderLineRequest(Field(3), quantity ?? 1, unitPrice ?? 0)], null);
        var (order, orderErrors) = OrderValidation.Validate(request);
        errors.AddRange(orderErrors.Select(e => $"{CsvColumnOf(e.Key)}: {string.Join(" ", e.Value)}"));
        if (errors.Count > 0)
        {
            error = string.Join(" ", errors);
            return null;
        }

        error = null;
        return new CsvRow(lineNumber, orderRef, order!.Customer.Email, order.Customer.Name, order.Lines[0]);
    }

    /// <summary>The index of each of <see cref="CsvColumns"/> in the header, or null if one is missing or named twice.</summary>
    private static int[]? ColumnIndexes(List<string> header)
    {
        var indexes = new int[CsvColumns.Count];
        for (var i = 0; i < CsvColumns.Count; i++)
        {
            var matches = header.Select((name, index) => (name, index))
                .Where(h => string.Equals(h.name.Trim(), CsvColumns[i], StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count != 1)
            {
                return null;
            }

            indexes[i] = matches[0].index;
        }

        return indexes;
    }

    /// <summary>Splits one CSV record (RFC 4180 quoting, on one line).</summary>
    private static (List<string> Fields, string? Error) SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return (fields, "A quoted field is not closed on its line (records may not span lines).");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    return (fields, $"Unexpected text after a quoted field at column {i + 1}.");
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return (fields, null);
            }

            i++; // the comma
        }
    }

    private static string? CheckOrderRef(string? orderRef) =>
        string.IsNullOrWhiteSpace(orderRef) || !OrderRefPattern().IsMatch(orderRef)
            ? "The order reference is required: 1 to 64 letters, digits, '-', '_' or '.'."
            : null;

    private static string CsvColumnOf(string path) => path switch
    {
        "customer.email" => "customerEmail",
        "customer.name" or "customer" => "customerName",
        _ when path.EndsWith(".sku", StringComparison.Ordinal) => "sku",
        _ when path.EndsWith(".quantity", StringComparison.Ordinal) => "quantity",
        _ when path.EndsWith(".unitPrice", StringComparison.Ordinal) => "unitPrice",
        _ => path,
    };

    private static string JsonProblem(JsonException e) =>
        e.Path is { Length: > 0 } path && path != "$" ? $"{path}: the value is missing or of the wrong type." : "the line is not a JSON object of the expected shape.";

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex OrderRefPattern();

    /// <summary>A readable CSV row.</summary>
    private sealed record CsvRow(int Line, string OrderRef, string Email, string Name, OrderLine Item);

    /// <summary>One line of a JSON Lines file, as sent.</summary>
    private sealed record OrderFileRecord(string? OrderRef, CustomerRequest? Customer, IReadOnlyList<OrderLineRequest?>? Lines);
}
