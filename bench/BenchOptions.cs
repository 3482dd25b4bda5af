using System.Globalization;

namespace Bench;

/// <summary>
/// Sizes of the runs: <c>--instances N --in-flight N --orders N --messages N --file-orders N --console-instances N</c>,
/// and <c>--only console</c> to run the operator console's instance list alone (without it, every benchmark runs).
/// </summary>
internal sealed record BenchOptions(int Instances, int InFlight, int Orders, int Messages, int FileOrders, int ConsoleInstances, string? Only)
{
    /// <summary>The names <c>--only</c> takes.</summary>
    public static readonly IReadOnlyList<string> Benchmarks = ["console"];

    /// <summary>Whether the benchmark named <paramref name="name"/> runs: all of them unless <c>--only</c> names one.</summary>
    public bool Runs(string name) => Only is null || Only.Equals(name, StringComparison.OrdinalIgnoreCase);

    public static BenchOptions Parse(string[] args)
    {
        string? Text(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Get(string name, int fallback) => Text(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var only = Text("--only");
        if (only is not null && !Benchmarks.Contains(only, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--only takes one of: {string.Join(", ", Benchmarks)} (without --only, every benchmark runs).");
        }

        return new BenchOptions(Get("--instances", 300), Get("--in-flight", 50), Get("--orders", 200), Get("--messages", 2000), Get("--file-orders", 300),
            Get("--console-instances", 5000), only);
    }
}
