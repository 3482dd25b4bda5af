namespace FunctionApp.Credit;

/// <summary>The body of <c>POST /api/credit-checks</c>.</summary>
internal sealed record CreditCheckRequest(string? CustomerEmail, decimal? Amount);
