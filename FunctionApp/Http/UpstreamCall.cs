using FunctionApp.Connectors;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FunctionApp.Http;

/// <summary>
/// Runs one third-party call of a synchronous endpoint under its time budget and turns the outcome into a value:
/// the answer, a failure, or a timeout. The call is cancelled when the budget runs out, so nothing outlives the request.
/// </summary>
internal static class UpstreamCall
{
    public static async Task<UpstreamOutcome<T>> RunAsync<T>(
        string system, Func<CancellationToken, Task<T>> call, CancellationToken budget, CancellationToken requestAborted)
    {
        try
        {
            return new UpstreamOutcome<T>(system, UpstreamStatus.Ok, await call(budget), null);
        }
        catch (Exception e) when (budget.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            return new UpstreamOutcome<T>(system, UpstreamStatus.Timeout, default, e);
        }
        catch (Exception e) when (e is IntegrationException or HttpRequestException or BrokenCircuitException or TimeoutRejectedException)
        {
            return new UpstreamOutcome<T>(system, UpstreamStatus.Failed, default, e);
        }
    }
}
