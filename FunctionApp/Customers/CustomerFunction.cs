using System.Net.Mail;
using System.Security.Cryptography;
using System.Text.Json;
using FunctionApp.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionApp.Customers;

/// <summary>
/// <c>GET /api/customers/{email}</c>: one customer consolidated from the three CRMs (<see cref="CustomerDirectory"/>),
/// with an <c>ETag</c> (a hash of the body) so that a caller sending it back in <c>If-None-Match</c> gets a 304.
/// </summary>
internal sealed class CustomerFunction(CustomerDirectory directory)
{
    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    [Function("GetCustomer")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{email}")] HttpRequest request, string email, CancellationToken cancellationToken)
    {
        var http = request.HttpContext;
        if (email.Length > 254 || !MailAddress.TryCreate(email, out var address) || address.Address != email || address.DisplayName.Length > 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Invalid email", "The path must end in a plain email address, such as ann@example.com.");
        }

        var record = await directory.LookupAsync(email.ToLowerInvariant(), cancellationToken);
        var answered = record.Sources.Values.Count(s => s is CustomerDirectory.SourceOk or CustomerDirectory.SourceNotFound);
        if (answered == 0)
        {
            var systems = string.Join(", ", record.Sources.Select(s => $"{s.Key} {s.Value}"));
            var allLate = record.Sources.Values.All(s => s == "timeout");
            return Problems.Create(
                allLate ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                allLate ? "Upstream timeout" : "Upstream error",
                $"No CRM answered within {directory.Budget.TotalMilliseconds:0} ms: {systems}.",
                new Dictionary<string, object?> { ["systems"] = record.Sources });
        }

        if (!record.Partial && record.Sources.Values.All(s => s == CustomerDirectory.SourceNotFound))
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Customer not found", "None of the CRMs knows this email.");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(record, BodyJson);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
        http.Response.Headers.ETag = etag;
        if (Matches(http.Request.Headers.IfNoneMatch, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(body, "application/json; charset=utf-8");
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) =>
        ifNoneMatch.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(tag => tag == "*" || (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == etag);
}
