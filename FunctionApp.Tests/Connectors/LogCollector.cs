using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FunctionApp.Tests.Connectors;

/// <summary>
/// Captures every log entry the app writes, at every level, with its message, structured state, scopes and exception,
/// and the tags and events of every <see cref="Activity"/> that stops while it listens.
/// </summary>
public sealed class LogCollector : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private readonly ActivityListener _activities;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public LogCollector()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _entries.Enqueue(string.Join(
                " | ",
                new[] { "activity " + activity.OperationName, activity.DisplayName, activity.StatusDescription ?? "" }
                    .Concat(activity.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"))
                    .Concat(activity.Baggage.Select(item => $"{item.Key}={item.Value}"))
                    .Concat(activity.Events.SelectMany(e => e.Tags.Select(tag => $"{e.Name}:{tag.Key}={tag.Value}"))))),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public IReadOnlyCollection<string> Entries => _entries;

    public string AllText => string.Join("\n", _entries);

    public ILogger CreateLogger(string categoryName) => new Collecting(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _activities.Dispose();

    private sealed class Collecting(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => collector._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var parts = new List<string> { $"{logLevel} {category} {eventId}: {formatter(state, exception)}" };
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                parts.AddRange(values.Select(pair => $"{pair.Key}={pair.Value}"));
            }

            collector._scopes.ForEachScope((scope, list) => list.Add("scope " + scope), parts);
            if (exception is not null)
            {
                parts.Add(exception.ToString());
            }

            collector._entries.Enqueue(string.Join(" | ", parts));
        }
    }
}
