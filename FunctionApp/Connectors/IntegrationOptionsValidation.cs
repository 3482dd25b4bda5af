using Microsoft.Extensions.Options;

namespace FunctionApp.Connectors;

/// <summary>
/// Checks each system's resilience settings at start, within the limits the resilience pipeline accepts, so a bad value
/// stops the app with the system and setting named instead of failing its first call.
/// </summary>
internal sealed class IntegrationOptionsValidation : IValidateOptions<IntegrationOptions>
{
    private static readonly TimeSpan ShortestTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ShortestBreak = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, IntegrationOptions options)
    {
        var failures = new List<string>();
        void Check(bool valid, string setting, string rule)
        {
            if (!valid)
            {
                failures.Add($"Integrations settings of {name}: {setting} {rule}.");
            }
        }

        Check(options.Timeout >= ShortestTimeout && options.Timeout <= Longest, nameof(options.Timeout), "must be from 10 ms to 1 day");
        Check(options.AttemptTimeout is null || (options.AttemptTimeout >= ShortestTimeout && options.AttemptTimeout <= Longest), nameof(options.AttemptTimeout), "must be from 10 ms to 1 day");
        Check(options.Retries >= 1, nameof(options.Retries), "must be 1 or more");
        Check(options.RetryDelay >= TimeSpan.Zero && options.RetryDelay <= Longest, nameof(options.RetryDelay), "must be from 0 to 1 day");
        Check(options.BreakerFailureRatio is > 0 and <= 1, nameof(options.BreakerFailureRatio), "must be more than 0 and at most 1");
        Check(options.BreakerMinimumThroughput >= 2, nameof(options.BreakerMinimumThroughput), "must be 2 or more");
        Check(options.BreakerBreakDuration >= ShortestBreak && options.BreakerBreakDuration <= Longest, nameof(options.BreakerBreakDuration), "must be from 0.5 s to 1 day");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
