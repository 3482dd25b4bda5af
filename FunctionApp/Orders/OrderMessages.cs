namespace FunctionApp.Orders;

/// <summary>The inventory check's answer: whether every line can be served, and the SKUs that cannot.</summary>
internal sealed record InventoryCheck(bool AllAvailable, IReadOnlyList<string> ShortSkus);

/// <summary>An invoice created in the accounting system.</summary>
internal sealed record InvoiceCreated(string Id, string? DocNumber, decimal Total);

/// <summary>What the Acme order activity needs.</summary>
internal sealed record AcmeOrderRequest(string Reference, Order Order, string InvoiceId);

/// <summary>An email to send.</summary>
internal sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>An order status notice to Acme.</summary>
internal sealed record OrderNotification(string Reference, string Status, string? AcmeOrderId);

/// <summary>The body of the <c>Restocked</c> event the warehouse raises; optional.</summary>
internal sealed record Restocked(IReadOnlyList<string>? Skus);
