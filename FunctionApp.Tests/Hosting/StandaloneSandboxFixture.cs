using DevStorage;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Hosting;

/// <summary>
/// A standalone Sandbox process per test class, on an Azurite of its own (in memory), so nothing it holds can come from
/// an app's in-process Sandbox on the shared Azurite.
/// </summary>
public sealed class StandaloneSandboxFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private SandboxProcess? _sandbox;

    public SandboxProcess Sandbox => _sandbox ?? throw new InvalidOperationException("The Sandbox has not started.");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(new AzuriteOptions(RepositoryRoot.Find()));
        _sandbox = await SandboxProcess.StartAsync(_azurite.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
