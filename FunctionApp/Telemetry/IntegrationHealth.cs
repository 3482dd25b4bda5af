using System.Collections.Concurrent;

namespace FunctionApp.Telemetry;

/// <summary>
/// This instance's recent view of every third-party system, for the operator console: the calls of the last
/// <see cref="Window"/> (each with its latency and whether it failed) and the state of the system's circuit breakers.
/// Fed by <see cref="IntegrationCallTelemetry"/> and the breakers' callbacks; in memory, so each instance sees its own
/// calls (the <c>acme.integration.*</c> metrics give the fleet's).
/// </summary>
internal sealed class IntegrationHealth(IEnumerable<MonitoredSystem> systems, TimeProvider time)
{
    /// <summary>How far back the figures go.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The most calls kept per system, so a flood of calls cannot grow memory without bound.</summary>
    public const int MaxSamples = 20_000;

    private readonly ConcurrentDictionary<string, SystemWindow> _systems = new(
        systems.Select(s => s.Name).Distinct(StringComparer.Ordinal).Select(name => KeyValuePair.Create(name, new SystemWindow())),
        StringComparer.Ordinal);

    /// <summary>Records one call as its caller saw it (retries included): its status code, or null without an answer, and its result as the metrics name it.</summary>
    public void RecordCall(string system, TimeSpan duration, int? status, string result)
    {
        // No answer, or one of the transient errors a breaker counts; any other 4xx is the caller's.
        var failed = status is null or 408 or 429 or >= 500;
        _systems.GetOrAdd(system, _ => new SystemWindow()).Add(new Sample(time.GetUtcNow(), duration.TotalMilliseconds, failed, !failed && status >= 400, result));
    }

    /// <summary>A breaker of the system (one per HTTP client) opened: calls fail at once until <paramref name="breakDuration"/> has passed.</summary>
    public void CircuitOpened(string system, string breaker, TimeSpan breakDuration) =>
        _systems.GetOrAdd(system, _ => new SystemWindow()).SetCircuit(breaker, new CircuitReading(CircuitState.Open, time.GetUtcNow() + breakDuration));

    /// <summary>A breaker of the system lets one trial call through.</summary>
    public void CircuitHalfOpened(string system, string breaker) =>
        _systems.GetOrAdd(system, _ => new SystemWindow()).SetCircuit(breaker, new CircuitReading(CircuitState.HalfOpen, null));

    /// <summary>A breaker of the system closed again: calls go through.</summary>
    public void CircuitClosed(string system, string breaker) =>
        _systems.GetOrAdd(system, _ => new SystemWindow()).SetCircuit(breaker, null);

    /// <summary>Every system, in name order, with its figures over the last <see cref="Window"/>.</summary>
    public IReadOnlyList<SystemHealth> Read()
    {
        var now = time.GetUtcNow();
        return _systems.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Read(s.Key, now)).ToList();
    }

    private readonly record struct Sample(DateTimeOffset At, double Milliseconds, bool Failed, bool ClientError, string Result);

    private sealed record CircuitReading(CircuitState State, DateTimeOffset? Until);

    private enum CircuitState
    {
        HalfOpen,
        Open,
    }

    private sealed class SystemWindow
    {
        private readonly Queue<Sample> _samples = new();
        private readonly Dictionary<string, CircuitReading> _circuits = new(StringComparer.Ordinal);

        public void Add(Sample sample)
        {
            lock (_samples)
            {
                _samples.Enqueue(sample);
                if (_samples.Count > MaxSamples)
                {
                    _samples.Dequeue();
                }
            }
        }

        public void SetCircuit(string breaker, CircuitReading? reading)
        {
            lock (_samples)
            {
                if (reading is null)
                {
                    _circuits.Remove(breaker);
                }
                else
                {
                    _circuits[breaker] = reading;
                }
            }
        }

        public SystemHealth Read(string system, DateTimeOffset now)
        {
            Sample[] recent;
            CircuitReading? worst;
            lock (_samples)
            {
                while (_samples.TryPeek(out var oldest) && oldest.At < now - Window)
                {
                    _samples.Dequeue();
                }

                recent = [.. _samples];
                // An open breaker whose break is over lets the next call through: it is half-open in effect.
                worst = _circuits.Values
                    .Select(c => c.State == CircuitState.Open && c.Until <= now ? c with { State = CircuitState.HalfOpen } : c)
                    .OrderByDescending(c => c.State)
                    .ThenByDescending(c => c.Until)
                    .FirstOrDefault();
            }

            var latencies = recent.Select(s => s.Milliseconds).Order().ToArray();
            var lastFailure = recent.LastOrDefault(s => s.Failed);
            return new SystemHealth(
                system,
                recent.Length,
                recent.Count(s => s.Failed),
                recent.Count(s => s.ClientError),
                Percentile(latencies, 0.50),
                Percentile(latencies, 0.99),
                worst switch
                {
                    null => SystemHealth.Closed,
                    { State: CircuitState.Open } => SystemHealth.Open,
                    _ => SystemHealth.HalfOpen,
                },
                worst?.State == CircuitState.Open ? worst.Until : null,
                lastFailure.Result is null ? null : new CallFailure(lastFailure.Result, lastFailure.At));
        }

        /// <summary>The nearest-rank percentile of sorted values; null when there are none.</summary>
        private static double? Percentile(double[] sorted, double fraction) =>
            sorted.Length == 0 ? null : Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(fraction * sorted.Length) - 1)], 1);
    }
}
