using FunctionApp.Connectors;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace FunctionApp.Durable;

/// <summary>How often, and how patiently, a step activity tries its work before it fails.</summary>
/// <param name="Attempts">Attempts, the first included.</param>
/// <param name="FirstDelay">The pause before the second attempt; doubled each time up to <paramref name="MaxDelay"/>.</param>
/// <param name="MaxDelay">The longest pause between attempts.</param>
internal sealed record StepRetryPolicy(int Attempts, TimeSpan FirstDelay, TimeSpan MaxDelay);

/// <summary>
/// Retries inside a step activity, so that each step is one activity call in the orchestration's history that either
/// succeeded or failed for good. That is what a rewind needs: it re-runs the failed calls of a failed instance, and
/// Durable's own retry policies (timers between attempts in the history) cannot be rewound
/// (Azure/azure-functions-durable-extension#617), nor can a failure the orchestrator caught and went on from (#444).
/// </summary>
internal static class StepRetry
{
    /// <summary>Runs <paramref name="step"/> until it succeeds, a non-transient error is thrown, or the attempts are used up.</summary>
    public static async Task<T> RunAsync<T>(StepRetryPolicy policy, Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        if (policy.Attempts <= 1)
        {
            return await step(cancellationToken);
        }

        var pipeline = new ResiliencePipelineBuilder<T>().AddRetry(new RetryStrategyOptions<T>
        {
            MaxRetryAttempts = policy.Attempts - 1,
            Delay = policy.FirstDelay,
            MaxDelay = policy.MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            ShouldHandle = new PredicateBuilder<T>().Handle<Exception>(e => IsTransient(e, cancellationToken)),
        }).Build();
        return await pipeline.ExecuteAsync(async token => await step(token), cancellationToken);
    }

    /// <summary>Third-party and storage failures, timeouts and an open circuit; never the caller's cancellation.</summary>
    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => !cancellationToken.IsCancellationRequested && e is
        IntegrationException or HttpRequestException or TimeoutRejectedException or BrokenCircuitException or Azure.RequestFailedException
        or TaskCanceledException or IOException;
}
