using Microsoft.Azure.Functions.Worker;

namespace FunctionApp.Telemetry;

/// <summary>
/// <c>GET /api/operations/integrations</c> (admin key): every third-party system's calls, failures, p50/p99 latency and
/// circuit over the last minutes, as this instance saw them (<see cref="IntegrationHealth"/>).
/// </summary>
internal sealed class IntegrationHealthFunction(IntegrationHealth health)
{
    [Function("GetIntegrationHealth")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "operations/integrations")] HttpRequest request) =>
        TypedResults.Ok(new { windowMinutes = IntegrationHealth.Window.TotalMinutes, systems = health.Read() });
}
