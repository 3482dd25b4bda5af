namespace Sandbox.Acme;

/// <summary>The body of <c>POST /api/order-notifications</c>: the integration tells Acme how an order went.</summary>
internal sealed record AcmeOrderNotification(string? Reference, string? Status, string? AcmeOrderId)
{
    public static IReadOnlyList<string> Statuses { get; } = ["Confirmed", "BackOrdered"];

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Reference))
        {
            errors["reference"] = ["reference is required."];
        }

        if (Status is null || !Statuses.Contains(Status, StringComparer.Ordinal))
        {
            errors["status"] = [$"status must be one of: {string.Join(", ", Statuses)}."];
        }

        return errors;
    }
}

/// <summary>The answer to an accepted notification.</summary>
internal sealed record AcmeNotificationAccepted(bool Accepted);
