using Azure.Data.Tables;

namespace Sandbox.Storage;

/// <summary>A table client whose table is created on first use, once per process, by whichever caller comes first.</summary>
internal sealed class LazyTable(TableClient client)
{
    private Task? creation;

    public async ValueTask<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref creation);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            // A failed creation (storage not up yet) is retried by the next caller instead of being remembered.
            // The creation itself is not tied to one caller's token, so its cancellation cannot fail the others.
            var fresh = client.CreateIfNotExistsAsync(CancellationToken.None);
            var winner = Interlocked.CompareExchange(ref creation, fresh, current);
            current = ReferenceEquals(winner, current) ? fresh : winner!;
        }

        await current.WaitAsync(cancellationToken);
        return client;
    }

    /// <summary>Makes the next caller create the table again, after it vanished (an in-memory Azurite restarted).</summary>
    public void Forget() => Volatile.Write(ref creation, null);
}
