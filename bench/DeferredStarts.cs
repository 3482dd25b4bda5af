using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bench;

/// <summary>
/// Counts the Azure Storage provider's "Abandoning [ExecutionStarted]" warnings (event 104): a start message of a new
/// top-level instance dequeued before the client wrote its Instances row (the provider sends the message first), which
/// the provider's start de-duplication puts back on the queue for 2 seconds (the log says "ms"; the unit is seconds).
/// </summary>
internal sealed class DeferredStarts : ILoggerProvider
{
    private const int AbandoningMessage = 104;

    private int _count;

    /// <summary>How many start messages were put back so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public ILogger CreateLogger(string categoryName) =>
        categoryName == "DurableTask.AzureStorage" ? new Counter(this) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Counter(DeferredStarts owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == AbandoningMessage && formatter(state, exception).Contains("[ExecutionStarted]", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref owner._count);
            }
        }
    }
}
