namespace FunctionApp.Customers;

/// <summary>
/// One customer consolidated from the three CRMs: the answer of <c>GET /api/customers/{email}</c>.
/// </summary>
/// <param name="Email">The email the customer was looked up by, as the CRMs spell it.</param>
/// <param name="Name">From crm-a (first and last name), else crm-b (full name).</param>
/// <param name="Phone">From crm-a.</param>
/// <param name="Company">From crm-c.</param>
/// <param name="Tier">From crm-b.</param>
/// <param name="LifetimeValue">From crm-c.</param>
/// <param name="Sources">Per CRM (<c>crmA</c>, <c>crmB</c>, <c>crmC</c>): <c>ok</c>, <c>notFound</c>, <c>failed</c> or <c>timeout</c>.</param>
/// <param name="Partial">True when a CRM failed or was late, so fields it owns may be missing.</param>
internal sealed record CustomerRecord(
    string Email,
    string? Name,
    string? Phone,
    string? Company,
    string? Tier,
    decimal? LifetimeValue,
    IReadOnlyDictionary<string, string> Sources,
    bool Partial);
