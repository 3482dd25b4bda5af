namespace Sandbox.Storage;

/// <summary>An operation request a simulated system accepted, as it goes into the request log.</summary>
/// <param name="System">The system's name (see <see cref="SandboxSystems"/>).</param>
/// <param name="Operation">The operation, e.g. <c>CreateInvoice</c>; duplicates are recognised per operation.</param>
/// <param name="IdempotencyKey">The caller's idempotency key, or null when it sent none (then nothing is deduplicated).</param>
/// <param name="Body">The request's JSON body as received, or null when it has none.</param>
internal sealed record AcceptedRequest(string System, string Operation, string? IdempotencyKey, string? Body);
