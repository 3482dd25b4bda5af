namespace FunctionApp.Orders;

/// <summary>
/// What placing an order came to: <c>Confirmed</c> (the orchestration's output) or <c>BackOrdered</c> (its early reply,
/// published while it waits for the restock).
/// </summary>
internal sealed record OrderOutcome
{
    public const string ConfirmedStatus = "Confirmed";
    public const string BackOrderedStatus = "BackOrdered";

    public required string Status { get; init; }

    public string? InvoiceId { get; init; }

    public string? InvoiceNumber { get; init; }

    public string? AcmeOrderId { get; init; }

    public decimal? Total { get; init; }

    public IReadOnlyList<string>? BackOrderedSkus { get; init; }

    public static OrderOutcome Confirmed(InvoiceCreated invoice, string acmeOrderId) => new()
    {
        Status = ConfirmedStatus,
        InvoiceId = invoice.Id,
        InvoiceNumber = invoice.DocNumber,
        AcmeOrderId = acmeOrderId,
        Total = invoice.Total,
    };

    public static OrderOutcome BackOrdered(IReadOnlyList<string> skus) => new() { Status = BackOrderedStatus, BackOrderedSkus = skus };
}
