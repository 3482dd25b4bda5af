namespace DurableEngine.Storage;

/// <summary>A filter over instances, evaluated on the instances table.</summary>
internal sealed record InstanceQuery(
    IReadOnlyList<OrchestrationRuntimeStatus>? RuntimeStatus,
    DateTime? CreatedFrom,
    DateTime? CreatedTo,
    string? Name,
    string? InstanceIdPrefix,
    int PageSize,
    string? ContinuationToken);
