namespace FunctionApp.Telemetry;

/// <summary>A third-party system the app calls, registered with its connector so that it shows in <see cref="IntegrationHealth"/> before its first call.</summary>
internal sealed record MonitoredSystem(string Name);
