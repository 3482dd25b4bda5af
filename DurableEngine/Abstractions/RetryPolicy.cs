namespace DurableEngine;

/// <summary>How an activity or sub-orchestration call is retried when it fails.</summary>
/// <remarks>
/// Retries are durable timers in the orchestration: a retry survives a crash and does not hold a worker.
/// Every attempt of one call carries the same idempotency key, so a third party sees one logical request.
/// </remarks>
public sealed record RetryPolicy
{
    /// <summary>Creates a retry policy.</summary>
    /// <param name="maxNumberOfAttempts">Attempts in all, the first included (at least 1).</param>
    /// <param name="firstRetryInterval">The wait before the second attempt.</param>
    /// <param name="backoffCoefficient">The factor applied to the wait after each attempt (at least 1).</param>
    /// <param name="maxRetryInterval">The longest wait between two attempts (default: one hour).</param>
    /// <param name="retryTimeout">No new attempt starts after this much time since the first (default: none).</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>The wait before the second attempt.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>The factor applied to the wait after each attempt.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>No new attempt starts after this much time since the first; infinite by default.</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>A predicate that decides whether a failure is worth retrying; all failures are by default.</summary>
    public Func<FailureDetails, bool>? Handle { get; init; }

    /// <summary>The wait before the given attempt (2 for the first retry).</summary>
    internal TimeSpan DelayBefore(int attempt)
    {
        var delay = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, attempt - 2);
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxRetryInterval.TotalMilliseconds));
    }
}
