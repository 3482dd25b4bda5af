using FunctionApp.Http;
using FunctionApp.Security;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionApp.InventoryChanges;

/// <summary>
/// <c>POST /api/inventory-changes</c>: the warehouse's signed webhook; checks the signature and every change, puts one
/// queue message per change and answers 202 at once. <c>GET /api/inventory-changes/queues</c> (admin key): the queues'
/// depths and the first poison entries. <c>POST /api/inventory-changes/poison/replay</c> (admin key): puts poisoned
/// changes back on the queue.
/// </summary>
internal sealed class InventoryChangesFunctions(IOptions<InventoryChangeOptions> options, InventoryChangeQueues queues, TimeProvider time)
{
    public const string SignatureHeader = "X-Warehouse-Signature";
    public const int MaxBodyBytes = 1024 * 1024;
    public const int DefaultReplayMax = 100;
    public const int MaxReplayMax = 1000;

    /// <summary>How far a signature's timestamp may be from the app's clock.</summary>
    public static readonly TimeSpan SignatureTolerance = TimeSpan.FromMinutes(5);

    [Function("AcceptInventoryChanges")]
    public Task<IResult> AcceptAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "inventory-changes")] HttpRequest request, CancellationToken cancellationToken) =>
        StorageFailures.AsProblemAsync(() => AcceptChangesAsync(request, cancellationToken), cancellationToken);

    [Function("InspectInventoryChangeQueues")]
    public Task<IResult> InspectAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "inventory-changes/queues")] HttpRequest request, CancellationToken cancellationToken) =>
        StorageFailures.AsProblemAsync(() => InspectQueuesAsync(request.Query["max"].FirstOrDefault(), cancellationToken), cancellationToken);

    [Function("ReplayPoisonedInventoryChanges")]
    public Task<IResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "inventory-changes/poison/replay")] HttpRequest request, CancellationToken cancellationToken) =>
        StorageFailures.AsProblemAsync(() => ReplayPoisonAsync(request.Query["max"].FirstOrDefault(), cancellationToken), cancellationToken);

    private async Task<IResult> AcceptChangesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (await ReadRawAsync(request, cancellationToken) is not { } raw)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {MaxBodyBytes} bytes.");
        }

        var signature = TimestampedSignature.Check(
            options.Value.WebhookSecret, request.Headers[SignatureHeader].FirstOrDefault(), raw, time.GetUtcNow(), SignatureTolerance);
        if (signature != SignatureCheck.Valid)
        {
            return InvalidSignature(signature);
        }

        request.Body = new MemoryStream(raw, writable: false);
        var (body, bodyError) = await JsonBody.ReadAsync<InventoryChangesRequest>(request, MaxBodyBytes, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var (changes, errors) = InventoryChangeValidation.Validate(body!);
        if (changes is null)
        {
            return TypedResults.ValidationProblem(errors, detail: "The changes are not valid; none was accepted.", type: Problems.TypeBase + "invalid-inventory-changes");
        }

        // A storage failure becomes a 503 (StorageFailures): the warehouse sends the request again, and the
        // changes that made it onto the queue the first time are applied once all the same (their ids are the ERP's keys).
        await queues.EnqueueAsync(changes, cancellationToken);
        return TypedResults.Accepted((string?)null, new { accepted = changes.Count });
    }

    private async Task<IResult> InspectQueuesAsync(string? max, CancellationToken cancellationToken)
    {
        if (QueryNumber.Read(max, InventoryChangeQueues.ReceiveLimit, 1, InventoryChangeQueues.ReceiveLimit) is not { } limit)
        {
            return InvalidMax(InventoryChangeQueues.ReceiveLimit);
        }

        var depth = await queues.MeasureAsync(time.GetUtcNow(), cancellationToken);
        var entries = await queues.PeekPoisonAsync(limit, cancellationToken);
        return TypedResults.Ok(new InventoryQueuesReport(
            queues.QueueName, depth.Waiting, Math.Round(depth.OldestAge.TotalSeconds, 1), queues.PoisonQueueName, depth.Poisoned, entries));
    }

    private async Task<IResult> ReplayPoisonAsync(string? max, CancellationToken cancellationToken) =>
        QueryNumber.Read(max, DefaultReplayMax, 1, MaxReplayMax) is { } limit
            ? TypedResults.Ok(await queues.ReplayAsync(limit, cancellationToken))
            : InvalidMax(MaxReplayMax);

    private static IResult InvalidMax(int most) =>
        Problems.Create(StatusCodes.Status400BadRequest, "Invalid max", $"max must be a whole number from 1 to {most}.");

    /// <summary>The raw body, or null when it is over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadRawAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult InvalidSignature(SignatureCheck check) => Problems.Create(
        StatusCodes.Status401Unauthorized,
        "Invalid signature",
        check switch
        {
            SignatureCheck.Missing => $"The request needs an '{SignatureHeader}' header: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">.",
            SignatureCheck.Malformed => $"The '{SignatureHeader}' header must be t=<unix seconds>,v1=<64 hex digits>.",
            SignatureCheck.Expired => $"The signature's timestamp is more than {SignatureTolerance.TotalMinutes:0} minutes from the server's clock; sign the request again.",
            _ => "The signature does not match the body: check the webhook secret and sign the raw body exactly as sent.",
        });
}
