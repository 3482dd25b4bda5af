namespace Sandbox.Control;

/// <summary>The body of <c>POST {prefix}/{system}/faults</c>: arm <see cref="FailNext"/> faults.</summary>
/// <param name="FailNext">How many of the next operation requests fail (0 disarms).</param>
/// <param name="Status">The status they get, 100-599, default 503; below 400 the requests are only delayed.</param>
/// <param name="DelayMs">How long each waits before its answer, 0-120000 ms, default 0.</param>
internal sealed record FaultSettings(int? FailNext, int? Status, int? DelayMs)
{
    public const int MaxDelayMs = 120_000;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (FailNext is null or < 0)
        {
            errors["failNext"] = ["failNext is required and must be 0 or more."];
        }

        if (Status is < 100 or > 599)
        {
            errors["status"] = ["status must be an HTTP status code, 100-599."];
        }

        if (DelayMs is < 0 or > MaxDelayMs)
        {
            errors["delayMs"] = [$"delayMs must be 0-{MaxDelayMs}."];
        }

        return errors;
    }
}
