using System.Text.Json.Serialization;

namespace Sandbox.Storage;

/// <summary>
/// The faults armed for one system: the next <paramref name="FailNext"/> operation requests are delayed by
/// <paramref name="DelayMs"/> and then answered with <paramref name="Status"/> (processed normally when it is below 400).
/// </summary>
internal sealed record FaultState(string System, int FailNext, int Status, int DelayMs)
{
    public const int DefaultStatus = 503;

    public static FaultState None(string system) => new(system, 0, DefaultStatus, 0);

    /// <summary>Whether the request that consumed this fault is still processed (after the delay).</summary>
    [JsonIgnore]
    public bool LetsThrough => Status < 400;
}
