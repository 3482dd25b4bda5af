namespace DevStorage;

/// <summary>
/// How to start Azurite. Ports set to 0 let Azurite pick free ports; the real ports are on <see cref="AzuriteProcess"/>.
/// </summary>
/// <param name="RepositoryRoot">The repository root holding <c>package.json</c> and <c>node_modules</c> (see <see cref="DevStorage.RepositoryRoot.Find"/>).</param>
public sealed record AzuriteOptions(string RepositoryRoot)
{
    /// <summary>
    /// Keeps nothing once stopped. Defaults to <see langword="true"/>. Tables are kept in memory (<c>--inMemoryPersistence</c>);
    /// blobs and queue messages in a temporary folder deleted on stop, because Azurite's in-memory store for them stalls
    /// every request for minutes while it collects thousands of deleted messages.
    /// </summary>
    public bool InMemory { get; init; } = true;

    /// <summary>
    /// The data folder when <see cref="InMemory"/> is <see langword="false"/> (created if missing).
    /// A relative path is relative to <see cref="RepositoryRoot"/>; defaults to <c>&lt;RepositoryRoot&gt;/.azurite</c>. Must be <see langword="null"/> when <see cref="InMemory"/> is <see langword="true"/>.
    /// </summary>
    public string? Location { get; init; }

    /// <summary>The Blob service port; 0 lets Azurite pick a free port.</summary>
    public int BlobPort { get; init; }

    /// <summary>The Queue service port; 0 lets Azurite pick a free port.</summary>
    public int QueuePort { get; init; }

    /// <summary>The Table service port; 0 lets Azurite pick a free port.</summary>
    public int TablePort { get; init; }

    /// <summary>The address all three services listen on. Defaults to <c>127.0.0.1</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>How long to wait for all three services to listen (not counting a first-time <c>npm ci</c>). Defaults to 60 seconds.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Passes <c>--silent</c> so Azurite does not log every request. Defaults to <see langword="true"/>.</summary>
    public bool Silent { get; init; } = true;
}
