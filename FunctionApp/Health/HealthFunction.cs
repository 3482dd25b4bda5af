using Microsoft.Azure.Functions.Worker;

namespace FunctionApp.Health;

/// <summary><c>GET /api/health</c>, no key: 200 once the app serves requests (what load balancers and start scripts poll).</summary>
internal sealed class HealthFunction
{
    [Function("Health")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        TypedResults.Ok(new { status = "Healthy" });
}
