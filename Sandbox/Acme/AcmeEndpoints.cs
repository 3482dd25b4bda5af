using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Sandbox.Control;
using Sandbox.Http;
using Sandbox.Storage;

namespace Sandbox.Acme;

/// <summary>
/// The simulated Acme API: <c>POST {prefix}/acme/api/orders</c> and <c>POST {prefix}/acme/api/order-notifications</c>
/// (the webhook that refreshes the order page, signed: see <see cref="AcmeWebhookSignature"/>), bearer-authenticated,
/// deduplicated on the <c>Idempotency-Key</c> header.
/// </summary>
internal static class AcmeEndpoints
{
    private const string CreateOrder = "CreateOrder";
    private const string NotifyOrder = "NotifyOrder";
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapAcme(this RouteGroupBuilder sandbox)
    {
        var api = sandbox.MapGroup("/acme/api");
        api.AddEndpointFilter(new FaultGate(SandboxSystems.Acme, SandboxProblems.SimulatedFault));
        api.MapPost("/orders", CreateOrderAsync);
        api.MapPost("/order-notifications", NotifyOrderAsync).AddEndpointFilter(new AcmeWebhookSignature());
        return api;
    }

    private static Task<IResult> CreateOrderAsync(
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        HttpRequest request,
        RequestLog log,
        CancellationToken cancellationToken) =>
        AcceptAsync<AcmeOrder>(request, idempotencyKey, log, CreateOrder, o => o.Validate(), _ => new StoredResponse(
            StatusCodes.Status201Created,
            JsonSerializer.Serialize(new AcmeOrderCreated($"ACME-{Guid.NewGuid():N}", "Created"), SandboxJson.Camel)), cancellationToken);

    private static Task<IResult> NotifyOrderAsync(
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        HttpRequest request,
        RequestLog log,
        CancellationToken cancellationToken) =>
        AcceptAsync<AcmeOrderNotification>(request, idempotencyKey, log, NotifyOrder, n => n.Validate(), _ => new StoredResponse(
            StatusCodes.Status202Accepted,
            JsonSerializer.Serialize(new AcmeNotificationAccepted(true), SandboxJson.Camel)), cancellationToken);

    /// <summary>Authenticates, reads and validates the body, then records the request with its answer (once per key).</summary>
    private static async Task<IResult> AcceptAsync<TBody>(
        HttpRequest request,
        string? idempotencyKey,
        RequestLog log,
        string operation,
        Func<TBody, Dictionary<string, string[]>> validate,
        Func<TBody, StoredResponse> respond,
        CancellationToken cancellationToken)
        where TBody : class
    {
        if (!BearerToken.IsPresent(request))
        {
            return SandboxProblems.Unauthorized();
        }

        var body = await JsonBody.ReadAsync<TBody>(request, SandboxJson.Camel, cancellationToken);
        if (body.Value is not { } value)
        {
            return SandboxProblems.InvalidBody(body.Error!);
        }

        if (validate(value) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var accepted = new AcceptedRequest(SandboxSystems.Acme, operation, KeyOrNull(idempotencyKey), body.Text);
        return (await log.RecordAsync(accepted, respond(value), cancellationToken)).ToResult();
    }

    private static string? KeyOrNull(string? key) => string.IsNullOrWhiteSpace(key) ? null : key;
}
