namespace Sandbox.CreditBureau;

/// <summary>The body of <c>POST {prefix}/credit-bureau/v1/decisions</c>.</summary>
internal sealed record DecisionRequest(string? CustomerEmail, decimal? Amount);
