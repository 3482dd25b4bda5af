using System.Text.Json.Serialization;

namespace Sandbox.QuickBooks;

// The subset of the QuickBooks Online Accounting API v3 invoice the app uses. QuickBooks uses the same entity for
// create requests and responses; the server fills in Id, DocNumber, TxnDate, TotalAmt and the lines' Id and LineNum.

/// <summary>A QuickBooks Online invoice.</summary>
internal sealed record Invoice(
    string? Id,
    string? DocNumber,
    string? TxnDate,
    decimal? TotalAmt,
    ReferenceType? CustomerRef,
    EmailAddress? BillEmail,
    IReadOnlyList<InvoiceLine>? Line);

/// <summary>A line of an invoice; the app sends <c>SalesItemLineDetail</c> lines.</summary>
internal sealed record InvoiceLine(
    string? Id,
    int? LineNum,
    string? Description,
    decimal? Amount,
    string? DetailType,
    SalesItemLineDetail? SalesItemLineDetail);

/// <summary>The item, quantity and unit price of a sales line.</summary>
internal sealed record SalesItemLineDetail(ReferenceType? ItemRef, decimal? Qty, decimal? UnitPrice);

/// <summary>A reference to another entity (customer, item); QuickBooks spells its properties in lower case.</summary>
internal sealed record ReferenceType(
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("name")] string? Name);

/// <summary>An email address.</summary>
internal sealed record EmailAddress(string? Address);

/// <summary>The response to a create: the entity and the server's time.</summary>
internal sealed record InvoiceResponse(Invoice Invoice, [property: JsonPropertyName("time")] DateTimeOffset Time);
