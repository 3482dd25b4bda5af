namespace FunctionApp.InventoryChanges;

/// <summary>The body of <c>POST /api/inventory-changes</c>, as sent; <see cref="InventoryChangeValidation"/> checks it.</summary>
internal sealed record InventoryChangesRequest(IReadOnlyList<InventoryChangeRequest?>? Changes);

/// <summary>One change as sent (also the shape of a queue message).</summary>
internal sealed record InventoryChangeRequest(string? Id, string? Sku, int? Delta, DateTimeOffset? OccurredAt);
