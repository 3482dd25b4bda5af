namespace FunctionApp.Orders;

/// <summary>The inventory check's answer: whether every line can be served, and the SKUs that cannot.</summary>
public sealed record InventoryCheck(bool AllAvailable, IReadOnlyList<string> ShortSkus);

/// <summary>An invoice created in the accounting system.</summary>
public sealed record InvoiceCreated(string Id, string? DocNumber, decimal Total);

/// <summary>What the Acme order activity needs.</summary>
public sealed record AcmeOrderRequest(string Reference, Order Order, string InvoiceId);

/// <summary>An email to send.</summary>
public sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>An order status notice to Acme.</summary>
public sealed record OrderNotification(string Reference, string Status, string? AcmeOrderId);

/// <summary>The body of the <c>Restocked</c> event the warehouse raises; optional.</summary>
public sealed record Restocked(IReadOnlyList<string>? Skus);
