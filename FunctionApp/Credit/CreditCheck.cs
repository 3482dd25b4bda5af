namespace FunctionApp.Credit;

/// <summary>The answer of <c>POST /api/credit-checks</c>.</summary>
internal sealed record CreditCheck(string CustomerEmail, decimal Amount, string Decision, int Score, decimal Limit);
