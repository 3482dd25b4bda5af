namespace FunctionApp.Telemetry;

/// <summary>
/// One system's figures over the last <see cref="IntegrationHealth.Window"/>: calls; failures (no answer, 408, 429, 5xx:
/// what the circuit breaker counts); client errors (other 4xx answers); p50 and p99 latency in ms, retries included
/// (null without calls); and the circuit: <c>closed</c>, <c>open</c> (calls fail at once until <see cref="CircuitOpenUntil"/>)
/// or <c>half-open</c> (the next call is a trial).
/// </summary>
internal sealed record SystemHealth(
    string System,
    int Calls,
    int Failures,
    int ClientErrors,
    double? P50Ms,
    double? P99Ms,
    string Circuit,
    DateTimeOffset? CircuitOpenUntil,
    CallFailure? LastFailure)
{
    public const string Closed = "closed";
    public const string Open = "open";
    public const string HalfOpen = "half-open";
}

