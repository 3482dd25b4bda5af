using DevStorage;

namespace DurableEngine.Tests.Infrastructure;

/// <summary>One in-memory Azurite on free ports for this test run; each test uses its own task hub, so tests run in parallel.</summary>
internal static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(() =>
        AzuriteProcess.StartAsync(new AzuriteOptions(RepositoryRoot.Find())));

    public static Task<AzuriteProcess> GetAsync() => Instance.Value;
}
