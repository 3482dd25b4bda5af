namespace FunctionApp.Connectors;

/// <summary>What one CRM knows of a customer, in common terms; a CRM fills only the fields it has.</summary>
internal sealed record CustomerFacts(
    string Email,
    string? Name = null,
    string? Phone = null,
    string? Company = null,
    string? Tier = null,
    decimal? LifetimeValue = null);
