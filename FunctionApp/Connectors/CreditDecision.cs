namespace FunctionApp.Connectors;

/// <summary>The bureau's answer.</summary>
/// <param name="Decision"><c>Approved</c> or <c>Declined</c>.</param>
/// <param name="Score">The customer's credit score.</param>
/// <param name="Limit">The credit limit the bureau grants.</param>
internal sealed record CreditDecision(string Decision, int Score, decimal Limit);
