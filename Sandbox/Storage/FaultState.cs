using System.Text.Json.Serialization;

namespace Sandbox.Storage;

/// <summary>
/// The faults armed for one system: the next <paramref name="FailNext"/> operation requests, and after them every
/// <paramref name="FailEvery"/>-th one, are delayed by <paramref name="DelayMs"/> and then answered with
/// <paramref name="Status"/> (processed normally when it is below 400; processed and then answered with the status when
/// <paramref name="AfterApply"/>). <paramref name="Seen"/> counts the requests since <paramref name="FailEvery"/> was armed.
/// </summary>
internal sealed record FaultState(string System, int FailNext, int Status, int DelayMs, int FailEvery = 0, bool AfterApply = false, long Seen = 0)
{
    public const int DefaultStatus = 503;

    public static FaultState None(string system) => new(system, 0, DefaultStatus, 0);

    /// <summary>Whether the request that consumed this fault is still processed (after the delay).</summary>
    [JsonIgnore]
    public bool LetsThrough => Status < 400;

    /// <summary>Whether any fault is armed.</summary>
    [JsonIgnore]
    public bool IsArmed => FailNext > 0 || FailEvery > 0;
}
