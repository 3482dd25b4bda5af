namespace DurableEngine;

/// <summary>
/// The orchestrator code no longer matches the history it is replayed from (it scheduled something else,
/// or in another order). The instance fails with this error rather than silently taking another path.
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    /// <summary>Creates the exception with a message naming the mismatch.</summary>
    public NonDeterministicOrchestrationException(string message) : base(message)
    {
    }
}
