using FunctionApp.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace FunctionApp.Connectors;

/// <summary>
/// The standard resilience pipeline of a connector's typed client: a total timeout (the system's <c>Timeout</c>), retries
/// of transient faults only (connection failures, attempt timeouts, 408, 429 and 5xx) with exponential backoff and jitter,
/// a circuit breaker, and a timeout per attempt.
/// </summary>
/// <remarks>
/// Retries include POSTs: every write a connector makes carries an idempotency key (QuickBooks <c>requestid</c>, the SES
/// <c>idempotency-key</c> tag, Acme's <c>Idempotency-Key</c> header), so a repeated request cannot create a second record.
/// A 4xx other than 408 and 429 is never retried: the same request would fail the same way.
/// </remarks>
internal static class ConnectorResilience
{
    public static IHttpClientBuilder AddConnectorResilience(this IHttpClientBuilder builder, string system)
    {
        if (!builder.Services.Any(d => d.ImplementationInstance is MonitoredSystem known && known.Name == system))
        {
            // Once per system (QuickBooks has two clients): shown in the console from the start, its settings checked at start.
            builder.Services.AddSingleton(new MonitoredSystem(system));
            builder.Services.AddOptions<IntegrationOptions>(system).ValidateOnStart();
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntegrationOptions>, IntegrationOptionsValidation>());
        // Outermost: one call as the caller sees it, its retries included.
        builder.AddHttpMessageHandler(services => new IntegrationCallTelemetry(system, services.GetRequiredService<IntegrationHealth>()));
        var breaker = builder.Name;
        builder.AddStandardResilienceHandler()
            .Configure((resilience, services) =>
            {
                Apply(resilience, services.GetRequiredService<IOptionsMonitor<IntegrationOptions>>().Get(system));
                var health = services.GetRequiredService<IntegrationHealth>();
                resilience.CircuitBreaker.OnOpened = args =>
                {
                    health.CircuitOpened(system, breaker, args.BreakDuration);
                    return default;
                };
                resilience.CircuitBreaker.OnHalfOpened = _ =>
                {
                    health.CircuitHalfOpened(system, breaker);
                    return default;
                };
                resilience.CircuitBreaker.OnClosed = _ =>
                {
                    health.CircuitClosed(system, breaker);
                    return default;
                };
            });
        return builder;
    }

    private static void Apply(HttpStandardResilienceOptions resilience, IntegrationOptions settings)
    {
        resilience.CircuitBreaker.FailureRatio = settings.BreakerFailureRatio;
        resilience.CircuitBreaker.MinimumThroughput = settings.BreakerMinimumThroughput;
        resilience.CircuitBreaker.BreakDuration = settings.BreakerBreakDuration;
        var total = settings.Timeout;
        var attempt = settings.AttemptTimeout ?? total / (settings.Retries + 1);
        resilience.TotalRequestTimeout.Timeout = total;
        resilience.AttemptTimeout.Timeout = attempt < total ? attempt : total;
        resilience.Retry.MaxRetryAttempts = settings.Retries;
        resilience.Retry.Delay = settings.RetryDelay;
        resilience.Retry.UseJitter = true;
        // The default predicate already treats exactly the transient faults as retryable (HttpRequestException, attempt
        // timeouts, 408, 429, 5xx); it is named here because retrying anything else would repeat a request that cannot succeed.
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome));
        // The breaker's window must be at least twice the attempt timeout (the options validate it).
        var window = resilience.AttemptTimeout.Timeout * 2;
        if (resilience.CircuitBreaker.SamplingDuration < window)
        {
            resilience.CircuitBreaker.SamplingDuration = window;
        }
    }
}
