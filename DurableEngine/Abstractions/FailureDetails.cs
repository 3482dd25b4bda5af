namespace DurableEngine;

/// <summary>What went wrong in an activity, a sub-orchestration or an orchestration.</summary>
/// <param name="ErrorType">The exception type name, e.g. <c>System.InvalidOperationException</c>.</param>
/// <param name="ErrorMessage">The exception message.</param>
/// <param name="InnerFailure">The failure that caused this one, if any.</param>
public sealed record FailureDetails(string ErrorType, string ErrorMessage, FailureDetails? InnerFailure = null)
{
    /// <summary>Builds failure details from an exception, without its stack trace (stack traces are logged, never stored or returned).</summary>
    public static FailureDetails FromException(Exception exception) => exception switch
    {
        TaskFailedException failed => failed.FailureDetails,
        SubOrchestrationFailedException failed => failed.FailureDetails,
        _ => new FailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.InnerException is null ? null : FromException(exception.InnerException)),
    };

    /// <summary>True if this failure, or one of its causes, has the given exception type.</summary>
    public bool IsCausedBy<TException>() where TException : Exception =>
        ErrorType == typeof(TException).FullName || (InnerFailure?.IsCausedBy<TException>() ?? false);

    /// <inheritdoc />
    public override string ToString() => $"{ErrorType}: {ErrorMessage}";
}
