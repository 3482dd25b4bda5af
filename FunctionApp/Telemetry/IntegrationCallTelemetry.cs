using System.Diagnostics;
using System.Globalization;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FunctionApp.Telemetry;

/// <summary>
/// Counts and times each call to a third-party system (its retries included, so outermost in the client's pipeline) and
/// names the system for the call's span. The result is the status code, or the kind of failure when there was no answer.
/// Each call also goes to <see cref="IntegrationHealth"/>, for the console.
/// </summary>
internal sealed class IntegrationCallTelemetry(string system, IntegrationHealth health) : DelegatingHandler
{
    /// <summary>The system a request goes to, for the HTTP span, which starts further down the pipeline.</summary>
    public static readonly HttpRequestOptionsKey<string> SystemOption = new(IntegrationTelemetry.SystemTag);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(SystemOption, system);
        var started = Stopwatch.GetTimestamp();
        var result = "exception";
        int? status = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            result = status.Value.ToString(CultureInfo.InvariantCulture);
            return response;
        }
        catch (BrokenCircuitException)
        {
            result = "circuit_open";
            throw;
        }
        catch (TimeoutRejectedException)
        {
            result = "timeout";
            throw;
        }
        catch (HttpRequestException)
        {
            result = "unreachable";
            throw;
        }
        catch (OperationCanceledException)
        {
            result = "canceled";
            throw;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var tags = new TagList { { "system", system }, { "result", result } };
            IntegrationTelemetry.Calls.Add(1, tags);
            IntegrationTelemetry.CallDuration.Record(elapsed.TotalMilliseconds, tags);
            health.RecordCall(system, elapsed, status, result);
        }
    }
}
