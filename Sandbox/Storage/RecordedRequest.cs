using System.Text.Json;

namespace Sandbox.Storage;

/// <summary>An entry of the request log, as the control surface lists it.</summary>
/// <param name="Id">Unique id of the entry.</param>
/// <param name="System">The system's name.</param>
/// <param name="Operation">The operation, e.g. <c>CreateInvoice</c>.</param>
/// <param name="IdempotencyKey">The caller's idempotency key, if any.</param>
/// <param name="ReceivedAt">When the sandbox accepted the request.</param>
/// <param name="Body">
/// The request body as a JSON value, or null when it had none. A body longer than the log keeps is listed as a JSON
/// string holding its first part.
/// </param>
internal sealed record RecordedRequest(
    string Id,
    string System,
    string Operation,
    string? IdempotencyKey,
    DateTimeOffset ReceivedAt,
    JsonElement? Body);
