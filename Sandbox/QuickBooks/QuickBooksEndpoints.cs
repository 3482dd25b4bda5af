using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sandbox.Control;
using Sandbox.Http;
using Sandbox.Storage;

namespace Sandbox.QuickBooks;

/// <summary>
/// The simulated QuickBooks Online Accounting API v3: <c>POST {prefix}/quickbooks/v3/company/{realmId}/invoice?requestid=</c>.
/// As in QuickBooks, the <c>requestid</c> query parameter is the idempotency key: a repeated one gets the first answer.
/// It needs an access token from the Sandbox's OAuth 2.0 token endpoint (<see cref="OAuthEndpoints"/>) that has not expired.
/// </summary>
internal static class QuickBooksEndpoints
{
    private const string CreateInvoice = "CreateInvoice";

    public static RouteGroupBuilder MapQuickBooks(this RouteGroupBuilder sandbox)
    {
        var tokens = new OAuthTokens(((IEndpointRouteBuilder)sandbox).ServiceProvider.GetRequiredService<TimeProvider>());
        sandbox.MapQuickBooksOAuth(tokens);
        var company = sandbox.MapGroup("/quickbooks/v3/company/{realmId}");
        company.MapPost("/invoice", (string? requestid, HttpRequest request, RequestLog log, TimeProvider time, CancellationToken cancellationToken) =>
                tokens.IsValid(request)
                    ? CreateInvoiceAsync(requestid, request, log, time, cancellationToken)
                    : Task.FromResult(QuickBooksFault.AuthenticationFailed()))
            .AddEndpointFilter(new FaultGate(SandboxSystems.QuickBooks, QuickBooksFault.Simulated));
        return company;
    }

    private static async Task<IResult> CreateInvoiceAsync(
        string? requestId,
        HttpRequest request,
        RequestLog log,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<Invoice>(request, SandboxJson.Pascal, cancellationToken);
        if (body.Value is not { } invoice)
        {
            return QuickBooksFault.InvalidRequest(body.Error!);
        }

        if (FindMissingParameter(invoice) is { } missing)
        {
            return QuickBooksFault.MissingParameter(missing);
        }

        var now = time.GetUtcNow();
        var id = Random.Shared.NextInt64(1, 1_000_000_000).ToString(CultureInfo.InvariantCulture);
        var created = invoice with
        {
            Id = id,
            DocNumber = invoice.DocNumber ?? id,
            TxnDate = invoice.TxnDate ?? now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TotalAmt = invoice.Line!.Sum(line => line.Amount!.Value),
            Line = [.. invoice.Line!.Select((line, index) => line with
            {
                Id = (index + 1).ToString(CultureInfo.InvariantCulture),
                LineNum = index + 1,
            })],
        };

        var response = new StoredResponse(
            StatusCodes.Status200OK,
            JsonSerializer.Serialize(new InvoiceResponse(created, now), SandboxJson.Pascal));
        var key = string.IsNullOrEmpty(requestId) ? null : requestId;
        var accepted = new AcceptedRequest(SandboxSystems.QuickBooks, CreateInvoice, key, body.Text);
        return (await log.RecordAsync(accepted, response, cancellationToken)).ToResult();
    }

    /// <summary>The first required parameter the invoice lacks, named as QuickBooks names it, or null.</summary>
    private static string? FindMissingParameter(Invoice invoice)
    {
        if (string.IsNullOrEmpty(invoice.CustomerRef?.Value))
        {
            return "CustomerRef";
        }

        if (invoice.Line is null or { Count: 0 })
        {
            return "Line";
        }

        foreach (var line in invoice.Line)
        {
            if (line is null)
            {
                return "Line";
            }

            if (line.Amount is null)
            {
                return "Line.Amount";
            }

            if (string.IsNullOrEmpty(line.DetailType))
            {
                return "Line.DetailType";
            }
        }

        return null;
    }
}
