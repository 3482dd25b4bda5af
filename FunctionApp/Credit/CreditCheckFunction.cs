using System.Net.Mail;
using FunctionApp.Connectors;
using FunctionApp.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionApp.Credit;

/// <summary>
/// <c>POST /api/credit-checks</c>: the bureau's decision on an amount for a customer, never cached and never retried;
/// 504 when the bureau does not decide within <see cref="CreditOptions.BudgetMs"/>, 502/503 when it fails.
/// </summary>
internal sealed class CreditCheckFunction(CreditBureauClient bureau, IOptions<CreditOptions> options, TimeProvider time)
{
    private const int MaxRequestBytes = 16 * 1024;
    private const decimal MaxAmount = 1_000_000_000m;

    [Function("CheckCredit")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "credit-checks")] HttpRequest http, CancellationToken cancellationToken)
    {
        var (request, bodyError) = await JsonBody.ReadAsync<CreditCheckRequest>(http, MaxRequestBytes, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var errors = new Dictionary<string, string[]>();
        if (request!.CustomerEmail is not { } email || email.Length > 254 || !MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            errors["customerEmail"] = ["customerEmail is required: a plain email address, such as ann@example.com."];
        }

        if (request.Amount is not { } amount || amount <= 0 || amount > MaxAmount)
        {
            errors["amount"] = [$"amount is required: a number above 0 and at most {MaxAmount:0}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The credit check is not valid; the bureau was not asked.", type: Problems.TypeBase + "invalid-credit-check");
        }

        var budget = TimeSpan.FromMilliseconds(options.Value.BudgetMs);
        using var deadline = new CancellationTokenSource(budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var outcome = await UpstreamCall.RunAsync(
            CreditBureauClient.System, token => bureau.DecideAsync(request.CustomerEmail!, request.Amount!.Value, token), linked.Token, cancellationToken);
        return outcome is { Status: UpstreamStatus.Ok, Value: { } decision }
            ? TypedResults.Ok(new CreditCheck(request.CustomerEmail!, request.Amount!.Value, decision.Decision, decision.Score, decision.Limit))
            : outcome.ToProblem(budget);
    }
}
