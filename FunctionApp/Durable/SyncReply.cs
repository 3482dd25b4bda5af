using Microsoft.DurableTask.Client;

namespace FunctionApp.Durable;

/// <summary>
/// Waits a bounded time for an instance's reply: its end (completed, failed, terminated) or its <see cref="EarlyReply"/>.
/// It reads the instance's status with a short, growing pause between reads (15 ms, growing by a quarter up to 250 ms):
/// a reply that comes after 100 ms is seen within about 30 ms, without the seconds of Durable's own completion wait.
/// </summary>
internal static class SyncReply
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(15);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(250);

    /// <summary>The instance once it has replied or ended, or its last state (possibly null: not started yet) when <paramref name="timeout"/> passed.</summary>
    public static async Task<OrchestrationMetadata?> WaitAsync(DurableTaskClient client, string instanceId, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var pause = FirstPause;
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            if (instance is not null && (instance.IsCompleted || EarlyReply.Of(instance) is not null))
            {
                return instance;
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return instance;
            }

            await Task.Delay(pause < left ? pause : left, time, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 5 / 4, LongestPause.Ticks));
        }
    }
}
