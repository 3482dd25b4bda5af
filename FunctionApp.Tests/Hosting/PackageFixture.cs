using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using DevStorage;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Hosting;

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Package";
}

/// <summary>
/// Runs the README's publish command (<c>bash scripts/publish.sh &lt;out&gt;</c>) once, into a temporary folder, unpacks
/// the zip it makes, and starts the packaged executable the way the Functions host does, against the shared Azurite.
/// The app runs with the package's own settings for the task hub (the defaults), so the queues its function.json files
/// name are the ones it uses; the Sandbox is on, as the test process's settings say.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "functionapp-package-" + Guid.NewGuid().ToString("N")[..8]);

    public string RepositoryFolder { get; } = RepositoryRoot.Find();

    public string ZipPath => Path.Combine(_root, "out", "functionapp.zip");

    public string PackageFolder => Path.Combine(_root, "unpacked");

    /// <summary>host.json of the unpacked package.</summary>
    public JsonObject HostJson { get; private set; } = null!;

    /// <summary>The executable host.json names.</summary>
    public string Executable => HostJson["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>();

    public string PublishOutput { get; private set; } = "";

    public string ConnectionString { get; private set; } = "";

    public HandlerProcess App { get; private set; } = null!;

    /// <summary>The settings the packaged app runs with.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        PublishOutput = await PublishAsync(Path.Combine(_root, "out"));
        ZipFile.ExtractToDirectory(ZipPath, PackageFolder);
        HostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(PackageFolder, "host.json")))!.AsObject();

        var azurite = await SharedAzurite.GetAsync();
        ConnectionString = azurite.ConnectionString;
        // The package's function.json names the default hub's queues, so this app keeps the default hub name.
        var settings = TestSettings.Create(azurite.ConnectionString, out _).With(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Durable:MaxCompletionNoticeAttempts"] = "3",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        });
        settings.Remove("Durable:TaskHubName");
        settings.Remove("Durable:MaxPollingInterval");
        Settings = settings;
        App = await HandlerProcess.StartAsync(PackageFolder, Executable, settings.ToDictionary(kv => kv.Key, kv => kv.Value ?? ""));
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task<string> PublishAsync(string output)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryFolder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryFolder, "scripts", "publish.sh"));
        start.ArgumentList.Add(output);

        // The test host's MSBuild settings belong to the build that ran the tests, not to this publish.
        foreach (var name in start.Environment.Keys.Where(n => n.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/publish.sh did not finish within {PublishTimeout}.{Environment.NewLine}{Text(log)}");
        }

        return process.ExitCode == 0
            ? Text(log)
            : throw new InvalidOperationException($"scripts/publish.sh exited with {process.ExitCode}.{Environment.NewLine}{Text(log)}");
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
