namespace Sandbox.Control;

/// <summary>
/// The body of <c>POST {prefix}/{system}/faults</c>: arm <see cref="FailNext"/> faults, or one fault every
/// <see cref="FailEvery"/> requests, or both (the counted ones first).
/// </summary>
/// <param name="FailNext">How many of the next operation requests fail (0 disarms, together with <see cref="FailEvery"/> absent).</param>
/// <param name="Status">The status they get, 100-599, default 503; below 400 the requests are only delayed.</param>
/// <param name="DelayMs">How long each waits before its answer, 0-120000 ms, default 0.</param>
/// <param name="FailEvery">Every n-th operation request fails, until disarmed (1-10000; absent or 0 = off).</param>
/// <param name="AfterApply">When true, a failing request is processed first and only its answer is replaced by the fault: "applied, but the response was lost".</param>
internal sealed record FaultSettings(int? FailNext, int? Status, int? DelayMs, int? FailEvery = null, bool? AfterApply = null)
{
    public const int MaxDelayMs = 120_000;
    public const int MaxFailEvery = 10_000;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (FailNext is < 0 || (FailNext is null && FailEvery is null))
        {
            errors["failNext"] = ["failNext is required (unless failEvery is given) and must be 0 or more."];
        }

        if (FailEvery is < 0 or > MaxFailEvery)
        {
            errors["failEvery"] = [$"failEvery must be 0-{MaxFailEvery} (0 = off)."];
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
