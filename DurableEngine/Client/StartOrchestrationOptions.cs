namespace DurableEngine;

/// <summary>Options for scheduling a new instance.</summary>
/// <param name="InstanceId">The caller-chosen instance id (letters, digits and <c>-_.:@</c>, up to 100), or null for a new GUID.</param>
/// <param name="Tags">Caller-defined tags kept with the instance (e.g. a callback URL, a request hash).</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, IReadOnlyDictionary<string, string>? Tags = null);
