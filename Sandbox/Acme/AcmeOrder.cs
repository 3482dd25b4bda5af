namespace Sandbox.Acme;

/// <summary>The body of <c>POST /api/orders</c> of the Acme API.</summary>
internal sealed record AcmeOrder(string? CustomerEmail, string? InvoiceId, IReadOnlyList<AcmeOrderLine>? Lines, string? Reference)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(CustomerEmail))
        {
            errors["customerEmail"] = ["customerEmail is required."];
        }

        if (Lines is null or { Count: 0 })
        {
            errors["lines"] = ["lines must have at least one line."];
            return errors;
        }

        for (var index = 0; index < Lines.Count; index++)
        {
            var line = Lines[index];
            if (string.IsNullOrWhiteSpace(line?.Sku))
            {
                errors[$"lines[{index}].sku"] = ["sku is required."];
            }

            if (line?.Quantity is null or < 1)
            {
                errors[$"lines[{index}].quantity"] = ["quantity must be 1 or more."];
            }

            if (line?.UnitPrice is null or < 0)
            {
                errors[$"lines[{index}].unitPrice"] = ["unitPrice is required and must be 0 or more."];
            }
        }

        return errors;
    }
}

/// <summary>A line of an Acme order.</summary>
internal sealed record AcmeOrderLine(string? Sku, int? Quantity, decimal? UnitPrice);

/// <summary>The answer to a created order.</summary>
internal sealed record AcmeOrderCreated(string Id, string Status);
