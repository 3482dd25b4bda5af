namespace FunctionApp.Orders;

/// <summary>The inventory check's answer: whether every line can be served, and the SKUs that cannot.</summary>
internal sealed record InventoryCheck(bool AllAvailable, IReadOnlyList<string> ShortSkus);

/// <summary>An invoice created in the accounting system.</summary>
internal sealed record InvoiceCreated(string Id, string? DocNumber, decimal Total);

/// <summary>What the invoice step needs: the order, and the key QuickBooks dedupes it by.</summary>
internal sealed record InvoiceRequest(Order Order, string IdempotencyKey);

/// <summary>What the Acme order step needs.</summary>
internal sealed record AcmeOrderRequest(string Reference, Order Order, string InvoiceId, string IdempotencyKey);

/// <summary>An email to send, with the key SES dedupes it by.</summary>
internal sealed record EmailMessage(string To, string Subject, string Body, string IdempotencyKey);

/// <summary>An order status notice to Acme, with the key Acme dedupes it by.</summary>
internal sealed record OrderNotification(string Reference, string Status, string? AcmeOrderId, string IdempotencyKey);

/// <summary>The body of the <c>Restocked</c> event the warehouse raises; optional.</summary>
internal sealed record Restocked(IReadOnlyList<string>? Skus);
