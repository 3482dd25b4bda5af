namespace FunctionApp.Telemetry;

/// <summary>The latest failed call: its result (<c>timeout</c>, <c>unreachable</c>, <c>circuit_open</c>, or the status code) and when.</summary>
internal sealed record CallFailure(string Result, DateTimeOffset At);
