using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionApp.Console;

/// <summary><c>GET /api/operations/console-settings</c> (admin key): what the console page needs from the app's settings.</summary>
internal sealed class ConsoleSettingsFunction(IOptions<ConsoleOptions> options)
{
    [Function("GetConsoleSettings")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "operations/console-settings")] HttpRequest request) =>
        TypedResults.Ok(new { traceUrl = string.IsNullOrWhiteSpace(options.Value.TraceUrl) ? null : options.Value.TraceUrl.Trim() });
}
