using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Sandbox.Control;
using Sandbox.Http;
using Sandbox.Storage;

namespace Sandbox.Ses;

/// <summary>
/// The simulated Amazon SES API v2: <c>POST {prefix}/ses/v2/email/outbound-emails</c> (SendEmail). Sends nothing;
/// deduplicates on the value of the <c>idempotency-key</c> email tag. Requests must be signed with Signature Version 4
/// with the secret <c>Sandbox:Ses:SecretAccessKey</c> (default <c>sandbox-secret</c>, the development value).
/// </summary>
internal static class SesEndpoints
{
    private const string SendEmail = "SendEmail";
    private const string SecretSetting = "Sandbox:Ses:SecretAccessKey";
    private const string DevelopmentSecret = "sandbox-secret";

    public static RouteGroupBuilder MapSes(this RouteGroupBuilder sandbox)
    {
        var ses = sandbox.MapGroup("/ses/v2/email");
        ses.MapPost("/outbound-emails", SendEmailAsync)
            .AddEndpointFilter(new FaultGate(SandboxSystems.Ses, SesError.Simulated));
        return ses;
    }

    private static async Task<IResult> SendEmailAsync(
        HttpRequest request,
        RequestLog log,
        IConfiguration configuration,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var secret = configuration[SecretSetting] is { Length: > 0 } configured ? configured : DevelopmentSecret;
        if (await SesSignature.VerifyAsync(request, secret, time.GetUtcNow(), cancellationToken) is { } refused)
        {
            return refused;
        }

        var body = await JsonBody.ReadAsync<SendEmailRequest>(request, SandboxJson.Pascal, cancellationToken);
        if (body.Value is not { } email)
        {
            return SesError.BadRequest(body.Error!);
        }

        if (string.IsNullOrWhiteSpace(email.FromEmailAddress))
        {
            return SesError.BadRequest("FromEmailAddress is required.");
        }

        if (email.Destination?.ToAddresses?.Any(address => !string.IsNullOrWhiteSpace(address)) != true)
        {
            return SesError.BadRequest("Destination.ToAddresses must have at least one address.");
        }

        if (email.Content is not { ValueKind: JsonValueKind.Object })
        {
            return SesError.BadRequest("Content is required.");
        }

        var sent = new SendEmailResponse($"0100{Guid.NewGuid():N}-000000");
        var response = new StoredResponse(StatusCodes.Status200OK, JsonSerializer.Serialize(sent, SandboxJson.Pascal));
        var accepted = new AcceptedRequest(SandboxSystems.Ses, SendEmail, email.IdempotencyKey, body.Text);
        return (await log.RecordAsync(accepted, response, cancellationToken)).ToResult();
    }
}
