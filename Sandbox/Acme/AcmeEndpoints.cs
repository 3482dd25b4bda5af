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
/// The simulated Acme API: <c>POST {prefix}/acme/api/orders</c> and <c>POST {prefix}/acme/api/order-notifications</c>,
/// bearer-authenticated, deduplicated on the <c>Idempotency-Key</c> header.
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
        api.MapPost("/order-notifications", NotifyOrderAsync);
        return api;
    }

    private static async Task<IResult> CreateOrderAsync(
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        HttpRequest request,
        RequestLog log,
        CancellationToken cancellationToken)
    {
        if (!BearerToken.IsPresent(request))
        {
            return SandboxProblems.Unauthorized();
        }

        var body = await JsonBody.ReadAsync<AcmeOrder>(request, SandboxJson.Camel, cancellationToken);
        if (body.Value is not { } order)
        {
            return SandboxProblems.InvalidBody(body.Error!);
        }

        if (order.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var created = new AcmeOrderCreated($"ACME-{Guid.NewGuid():N}", "Created");
        var response = new StoredResponse(StatusCodes.Status201Created, JsonSerializer.Serialize(created, SandboxJson.Camel));
        var accepted = new AcceptedRequest(SandboxSystems.Acme, CreateOrder, KeyOrNull(idempotencyKey), body.Text);
        return (await log.RecordAsync(accepted, response, cancellationToken)).ToResult();
    }

    private static async Task<IResult> NotifyOrderAsync(
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        HttpRequest request,
        RequestLog log,
        CancellationToken cancellationToken)
    {
        if (!BearerToken.IsPresent(request))
        {
            return SandboxProblems.Unauthorized();
        }

        var body = await JsonBody.ReadAsync<AcmeOrderNotification>(request, SandboxJson.Camel, cancellationToken);
        if (body.Value is not { } notification)
        {
            return SandboxProblems.InvalidBody(body.Error!);
        }

        if (notification.Validate() is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var response = new StoredResponse(
            StatusCodes.Status202Accepted,
            JsonSerializer.Serialize(new AcmeNotificationAccepted(true), SandboxJson.Camel));
        var accepted = new AcceptedRequest(SandboxSystems.Acme, NotifyOrder, KeyOrNull(idempotencyKey), body.Text);
        return (await log.RecordAsync(accepted, response, cancellationToken)).ToResult();
    }

    private static string? KeyOrNull(string? key) => string.IsNullOrWhiteSpace(key) ? null : key;
}
