namespace Sandbox.Crm;

/// <summary>
/// One customer as the sandbox keeps it: the union of what the three simulated CRMs know. Each CRM shows its own
/// part in its own shape (<see cref="CrmEndpoints"/>).
/// </summary>
/// <param name="Email">The customer's email, the key every CRM finds the customer by (case-insensitive).</param>
/// <param name="FirstName">crm-a's first name.</param>
/// <param name="LastName">crm-a's last name.</param>
/// <param name="Phone">crm-a's phone number.</param>
/// <param name="Company">crm-c's company.</param>
/// <param name="Tier">crm-b's tier, e.g. <c>gold</c>.</param>
/// <param name="LifetimeValue">crm-c's lifetime value.</param>
internal sealed record SandboxCustomer(
    string Email,
    string? FirstName,
    string? LastName,
    string? Phone,
    string? Company,
    string? Tier,
    decimal? LifetimeValue);
