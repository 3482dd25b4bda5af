namespace DevStorage;

/// <summary>
/// One in-memory Azurite on free ports for the whole test process, started on first use and stopped when the process
/// exits. Tests isolate themselves with their own task hub and table prefixes, so they can run in parallel on it.
/// </summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(() =>
        AzuriteProcess.StartAsync(new AzuriteOptions(RepositoryRoot.Find())));

    /// <summary>The shared Azurite, started if it is not running yet.</summary>
    public static Task<AzuriteProcess> GetAsync() => Instance.Value;
}
