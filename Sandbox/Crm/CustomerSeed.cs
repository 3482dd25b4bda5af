namespace Sandbox.Crm;

/// <summary>The body of <c>PUT {prefix}/customers/{email}</c>: what the three CRMs will know of the customer.</summary>
internal sealed record CustomerSeed(
    string? FirstName,
    string? LastName,
    string? Phone,
    string? Company,
    string? Tier,
    decimal? LifetimeValue);
