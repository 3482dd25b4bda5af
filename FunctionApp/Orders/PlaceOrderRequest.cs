namespace FunctionApp.Orders;

/// <summary>The body of <c>POST /api/orders</c>, as sent; <see cref="OrderValidation"/> turns it into an <see cref="Order"/>.</summary>
internal sealed record PlaceOrderRequest(CustomerRequest? Customer, IReadOnlyList<OrderLineRequest?>? Lines, string? CallbackUrl);

/// <summary>The customer as sent.</summary>
internal sealed record CustomerRequest(string? Email, string? Name);

/// <summary>An order line as sent.</summary>
internal sealed record OrderLineRequest(string? Sku, int? Quantity, decimal? UnitPrice);
