using System.Runtime.CompilerServices;

namespace FunctionApp.Tests.Infrastructure;

/// <summary>
/// Starts the test process with more thread-pool threads than the default minimum (one per core). This process hosts
/// several apps and their Sandboxes at once, and the test platform keeps a pool thread blocked in its message loop; on a
/// two-core machine the pool then adds threads only slowly under a burst, and Sandbox calls queue long enough to pass the
/// connectors' attempt timeouts. Measured: the 10,000-line order file took 113-153 s at the default minimum (up to 75
/// attempt timeouts), and 50-54 s with none at 64, though the pool then holds only about 15 threads.
/// </summary>
internal static class ThreadPoolWarmStart
{
#pragma warning disable CA2255 // A module initializer in a test assembly: it runs before any test, which is the point.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RaiseMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
