namespace DurableEngine;

/// <summary>A filter over instances, as the management API's list endpoint takes it.</summary>
public sealed record OrchestrationQuery
{
    /// <summary>Only instances in one of these statuses; all when empty.</summary>
    public IReadOnlyList<OrchestrationRuntimeStatus> RuntimeStatus { get; init; } = [];

    /// <summary>Only instances created at or after this time.</summary>
    public DateTime? CreatedFrom { get; init; }

    /// <summary>Only instances created at or before this time.</summary>
    public DateTime? CreatedTo { get; init; }

    /// <summary>Only instances of this orchestrator.</summary>
    public string? Name { get; init; }

    /// <summary>Only instances whose id starts with this.</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Instances per page (1 to 1000).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The token of the page to read, from the previous page.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>One page of a query.</summary>
/// <param name="Instances">The instances on this page.</param>
/// <param name="ContinuationToken">The token for the next page, or null at the end.</param>
public sealed record OrchestrationQueryPage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);
