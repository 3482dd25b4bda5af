using System.Globalization;

namespace Bench;

/// <summary>Sizes of the runs: <c>--instances N --in-flight N --orders N --messages N --file-orders N</c>.</summary>
internal sealed record BenchOptions(int Instances, int InFlight, int Orders, int Messages, int FileOrders)
{
    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new BenchOptions(Get("--instances", 300), Get("--in-flight", 50), Get("--orders", 200), Get("--messages", 2000), Get("--file-orders", 300));
    }
}
