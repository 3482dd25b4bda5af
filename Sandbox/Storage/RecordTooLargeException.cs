namespace Sandbox.Storage;

/// <summary>
/// An answer too long to keep for deduplication, which a table entity (1 MiB) cannot hold beside its request.
/// </summary>
internal sealed class RecordTooLargeException(string message) : Exception(message);
