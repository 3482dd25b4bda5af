using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sandbox.Control;
using Sandbox.Http;
using Sandbox.Storage;

namespace Sandbox.CreditBureau;

/// <summary>
/// The simulated credit bureau: <c>POST {prefix}/credit-bureau/v1/decisions</c> with <c>customerEmail</c> and
/// <c>amount</c> answers <c>decision</c> (<c>Approved</c> or <c>Declined</c>), <c>score</c> and <c>limit</c>.
/// </summary>
/// <remarks>
/// The score is a pure function of the email (300-850), so the same customer always gets the same score; the limit is
/// <c>(score - 300) * 100</c>, and an amount up to the limit is approved.
/// </remarks>
internal static class CreditBureauEndpoints
{
    public static RouteGroupBuilder MapCreditBureau(this RouteGroupBuilder sandbox)
    {
        sandbox.MapPost("/credit-bureau/v1/decisions", DecideAsync)
            .AddEndpointFilter(new FaultGate(SandboxSystems.CreditBureau, SandboxProblems.SimulatedFault));
        return sandbox;
    }

    public static int Score(string email) =>
        300 + (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()))) % 551);

    private static async Task<IResult> DecideAsync(HttpRequest request, RequestLog log, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<DecisionRequest>(request, SandboxJson.Camel, cancellationToken);
        if (body.Value is not { } decision)
        {
            return SandboxProblems.InvalidBody(body.Error!);
        }

        if (string.IsNullOrWhiteSpace(decision.CustomerEmail) || decision.Amount is not { } amount || amount <= 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["request"] = ["customerEmail is required and amount must be a number above 0."],
            });
        }

        var score = Score(decision.CustomerEmail);
        var limit = (score - 300) * 100;
        var answer = new { decision = amount <= limit ? "Approved" : "Declined", score, limit };
        var response = new StoredResponse(StatusCodes.Status200OK, JsonSerializer.Serialize(answer, SandboxJson.Camel));
        return (await log.RecordAsync(new AcceptedRequest(SandboxSystems.CreditBureau, "Decide", null, body.Text), response, cancellationToken)).ToResult();
    }
}
