using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sandbox.Control;
using Sandbox.Http;
using Sandbox.Storage;

namespace Sandbox.Crm;

/// <summary>
/// Three simulated CRMs that know the same customers and answer in three shapes:
/// <c>GET {prefix}/crm-a/contacts?email=</c>, <c>GET {prefix}/crm-b/api/v2/people/{email}</c> and
/// <c>GET {prefix}/crm-c/customers/search?q=</c>, each fault-gated and recorded under its own system.
/// <c>PUT {prefix}/customers/{email}</c> seeds all three at once (neither fault-gated nor recorded).
/// </summary>
internal static class CrmEndpoints
{
    public static RouteGroupBuilder MapCrms(this RouteGroupBuilder sandbox)
    {
        sandbox.MapPut("/customers/{email}", SeedAsync);
        sandbox.MapGet("/crm-a/contacts", GetContactAsync)
            .AddEndpointFilter(new FaultGate(SandboxSystems.CrmA, SandboxProblems.SimulatedFault));
        sandbox.MapGet("/crm-b/api/v2/people/{email}", GetPersonAsync)
            .AddEndpointFilter(new FaultGate(SandboxSystems.CrmB, SandboxProblems.SimulatedFault));
        sandbox.MapGet("/crm-c/customers/search", SearchCustomersAsync)
            .AddEndpointFilter(new FaultGate(SandboxSystems.CrmC, SandboxProblems.SimulatedFault));
        return sandbox;
    }

    private static async Task<IResult> SeedAsync(string email, HttpRequest request, CustomerStore customers, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CustomerSeed>(request, SandboxJson.Camel, cancellationToken);
        if (body.Value is not { } seed)
        {
            return SandboxProblems.InvalidBody(body.Error!);
        }

        var customer = new SandboxCustomer(email, seed.FirstName, seed.LastName, seed.Phone, seed.Company, seed.Tier, seed.LifetimeValue);
        await customers.SetAsync(customer, cancellationToken);
        return TypedResults.Json(customer, SandboxJson.Camel);
    }

    private static async Task<IResult> GetContactAsync(string? email, CustomerStore customers, RequestLog log, CancellationToken cancellationToken)
    {
        var found = string.IsNullOrWhiteSpace(email) ? null : await customers.FindAsync(email, cancellationToken);
        var response = found is null
            ? new StoredResponse(StatusCodes.Status404NotFound, """{"error":"contact_not_found"}""")
            : new StoredResponse(StatusCodes.Status200OK, new JsonObject
            {
                ["contact"] = new JsonObject
                {
                    ["email"] = found.Email,
                    ["firstName"] = found.FirstName,
                    ["lastName"] = found.LastName,
                    ["phone"] = found.Phone,
                },
            }.ToJsonString());
        return await RecordAsync(log, SandboxSystems.CrmA, "GetContact", email, response, cancellationToken);
    }

    private static async Task<IResult> GetPersonAsync(string email, CustomerStore customers, RequestLog log, CancellationToken cancellationToken)
    {
        var found = await customers.FindAsync(email, cancellationToken);
        var response = found is null
            ? new StoredResponse(StatusCodes.Status404NotFound, """{"errors":[{"status":"404","title":"Person not found"}]}""")
            : new StoredResponse(StatusCodes.Status200OK, new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["type"] = "people",
                    ["id"] = found.Email,
                    ["attributes"] = new JsonObject
                    {
                        ["email_address"] = found.Email,
                        ["full_name"] = string.Join(' ', new[] { found.FirstName, found.LastName }.Where(n => !string.IsNullOrEmpty(n))),
                        ["tier"] = found.Tier,
                    },
                },
            }.ToJsonString());
        return await RecordAsync(log, SandboxSystems.CrmB, "GetPerson", email, response, cancellationToken);
    }

    private static async Task<IResult> SearchCustomersAsync(string? q, CustomerStore customers, RequestLog log, CancellationToken cancellationToken)
    {
        var found = string.IsNullOrWhiteSpace(q) ? null : await customers.FindAsync(q, cancellationToken);
        var results = new JsonArray();
        if (found is not null)
        {
            results.Add(new JsonObject
            {
                ["Email"] = found.Email,
                ["Company"] = found.Company,
                ["LifetimeValue"] = found.LifetimeValue,
            });
        }

        return await RecordAsync(log, SandboxSystems.CrmC, "SearchCustomers", q, new StoredResponse(StatusCodes.Status200OK, results.ToJsonString()), cancellationToken);
    }

    private static async Task<IResult> RecordAsync(RequestLog log, string system, string operation, string? email, StoredResponse response, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { email }, SandboxJson.Camel);
        return (await log.RecordAsync(new AcceptedRequest(system, operation, null, body), response, cancellationToken)).ToResult();
    }
}
