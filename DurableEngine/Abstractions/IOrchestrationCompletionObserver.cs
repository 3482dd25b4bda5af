namespace DurableEngine;

/// <summary>
/// Hears, at least once and durably, that an instance reached a final status (completed, failed or terminated).
/// A throw retries the notice with backoff; past the configured attempts it goes to the poison queue.
/// </summary>
public interface IOrchestrationCompletionObserver
{
    /// <summary>Called once the instance's final status is stored.</summary>
    Task OnCompletedAsync(OrchestrationMetadata instance, CancellationToken cancellationToken);
}
