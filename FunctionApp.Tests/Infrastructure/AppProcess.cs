using DevStorage;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FunctionApp.Tests.Infrastructure;

/// <summary>
/// The built LocalHost (<c>dotnet LocalHost.dll</c>, from this test assembly's folder) as a separate OS process, so a test can
/// kill it for real (SIGKILL, no graceful shutdown) and start it again on the same port, storage and settings.
/// The settings are <see cref="AppFactory"/>'s, as environment variables, plus a short visibility timeout so messages held
/// by a killed process come back within seconds. Its stdout and stderr are kept for failure messages.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] InheritedToDrop =
        ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "DOTNET_URLS", "AzureWebJobsStorage", "AzureFunctionsJobHost__", "LocalHost__", "Sandbox__", "Callbacks__", "Orders__", "Integrations__", "InventoryChanges__", "OrderBatches__", "Logging__"];

    private readonly Dictionary<string, string?> _settings;
    private readonly OutputLog _output = new(2000);
    private readonly EventHandler _onProcessExit;
    private Process? _process;
    private int _starts;

    private readonly bool _ownProcessGroup;

    private AppProcess(Dictionary<string, string?> settings, int port, bool ownProcessGroup)
    {
        _settings = settings;
        Port = port;
        _ownProcessGroup = ownProcessGroup;
        _onProcessExit = (_, _) => KillCurrent();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    public string HubName => _settings[TestSettings.HubNameSetting]!;

    public string ConnectionString => _settings["AzureWebJobsStorage"]!;

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>The process id of the running app (changes on restart).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The app is not running.");

    /// <summary>Whether the app's process is alive.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code of the last process that exited (137 = 128 + SIGKILL on Unix).</summary>
    public int? LastExitCode { get; private set; }

    /// <summary>The last lines the app wrote to stdout and stderr, over all its runs.</summary>
    public string Output => _output.ToString();

    /// <summary>
    /// Starts the app against <paramref name="connectionString"/> and waits until <c>GET /api/health</c> answers.
    /// Settings in <paramref name="overrides"/> (configuration keys, <c>:</c> separated) win over the defaults. With
    /// <paramref name="ownProcessGroup"/> it runs in a process group of its own (Unix: <c>setsid</c>), with whatever it
    /// starts, such as its own Azurite, so that <see cref="KillProcessGroup"/> kills them all at once.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string connectionString, IDictionary<string, string?>? overrides = null, bool ownProcessGroup = false)
    {
        var settings = TestSettings.Create(connectionString, out _).With(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:controlQueueVisibilityTimeout"] = "00:00:05",
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout"] = "00:00:05",
            // A restarted process is a new worker: the killed one's partition leases must lapse before it takes them.
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:leaseInterval"] = "00:00:08",
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:leaseRenewInterval"] = "00:00:02",
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:leaseAcquireInterval"] = "00:00:02",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        }).With(overrides);

        // A port picked free can be taken by someone else before the app binds it: then pick another.
        for (var attempt = 1; ; attempt++)
        {
            var app = new AppProcess(settings, FreePorts.Next(), ownProcessGroup);
            try
            {
                await app.StartProcessAsync(retryAddressInUse: false);
                return app;
            }
            catch (AddressInUseException) when (attempt < 5)
            {
                await app.DisposeAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Starts a second process of the same app: the same settings (task hub, Sandbox tables, keys) on a port of its own,
    /// as a second worker of one Function App on Azure.
    /// </summary>
    public async Task<AppProcess> StartSiblingAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var sibling = new AppProcess(_settings, FreePorts.Next(), _ownProcessGroup);
            try
            {
                await sibling.StartProcessAsync(retryAddressInUse: false);
                return sibling;
            }
            catch (AddressInUseException) when (attempt < 5)
            {
                await sibling.DisposeAsync();
            }
            catch
            {
                await sibling.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>A client of the app carrying the function key.</summary>
    public HttpClient CreateApiClient(string? key = AppFactory.FunctionKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return client;
    }

    /// <summary>The Sandbox's control surface (served by the app, so only while it runs).</summary>
    public SandboxControl Sandbox => new(CreateApiClient(null));

    /// <summary>
    /// Kills the app and its process tree at once (SIGKILL on Unix: no shutdown hooks, no flushing, no graceful drain)
    /// and waits for it to be gone. Returns its exit code.
    /// </summary>
    public int Kill()
    {
        var process = _process ?? throw new InvalidOperationException("The app is not running.");
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        LastExitCode = process.ExitCode;
        _output.Add($"=== killed pid {process.Id}, exit code {process.ExitCode} ===");
        process.Dispose();
        _process = null;
        return LastExitCode.Value;
    }

    /// <summary>
    /// Kills the app's whole process group at once with SIGKILL, as an IDE's stop button or a closed terminal does: the
    /// app and every process it started. Returns the ids of the group's processes that were alive just before.
    /// </summary>
    public IReadOnlyList<int> KillProcessGroup()
    {
        if (!_ownProcessGroup)
        {
            throw new InvalidOperationException("The app was not started in a process group of its own.");
        }

        var process = _process ?? throw new InvalidOperationException("The app is not running.");
        var group = GroupMembers(process.Id);
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", "--", "-" + process.Id]) { UseShellExecute = false })!)
        {
            kill.WaitForExit();
        }

        process.WaitForExit();
        LastExitCode = process.ExitCode;
        _output.Add($"=== killed process group {process.Id} ({group.Count} processes), exit code {process.ExitCode} ===");
        process.Dispose();
        _process = null;
        return group;
    }

    /// <summary>The ids of the processes in process group <paramref name="groupId"/> (<c>pgrep -g</c>).</summary>
    public static IReadOnlyList<int> GroupMembers(int groupId)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-g", groupId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        })!;
        var text = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
    }

    /// <summary>Starts the app again (after <see cref="Kill"/>, or killing it first) on the same port with the same settings.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            Kill();
        }

        await StartProcessAsync(retryAddressInUse: true);
    }

    public ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        KillCurrent();
        return ValueTask.CompletedTask;
    }

    private void KillCurrent()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            if (_ownProcessGroup && !process.HasExited)
            {
                using var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", "--", "-" + process.Id]) { UseShellExecute = false })!;
                kill.WaitForExit();
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
        finally
        {
            process.Dispose();
        }
    }

    private async Task StartProcessAsync(bool retryAddressInUse)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            try
            {
                await StartOnceAsync(deadline);
                return;
            }
            catch (AddressInUseException) when (retryAddressInUse && DateTime.UtcNow < deadline)
            {
                // The port of the killed process can linger briefly; it is ours, so wait for it.
                await Task.Delay(200);
            }
        }
    }

    private async Task StartOnceAsync(DateTime deadline)
    {
        var folder = AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "LocalHost.dll");
        if (!File.Exists(dll) || !File.Exists(Path.Combine(folder, "LocalHost.runtimeconfig.json")))
        {
            throw new InvalidOperationException($"LocalHost.dll and its runtimeconfig.json are not next to the tests in {folder}.");
        }

        var start = ChildProcess.StartInfo(_ownProcessGroup ? "setsid" : DotnetHost.Executable, folder);
        if (_ownProcessGroup)
        {
            // setsid execs the host in place (this child is no group leader): the app's pid is the new group's id.
            start.ArgumentList.Add(DotnetHost.Executable);
        }

        start.ArgumentList.Add(dll);
        ChildProcess.SetEnvironment(start, InheritedToDrop, _settings);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_CONTENTROOT"] = folder;

        var run = Interlocked.Increment(ref _starts);
        _output.Add($"=== start #{run}: dotnet {dll} on {BaseAddress} ===");
        var child = ChildProcess.Start(start, _output);
        var process = child.Process;
        _process = process;

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // drains the output
                LastExitCode = process.ExitCode;
                _process = null;
                process.Dispose();
                if (child.AddressInUse)
                {
                    throw new AddressInUseException(Port);
                }

                throw new InvalidOperationException($"The app exited with code {LastExitCode} before it was ready.{Environment.NewLine}{Output}");
            }

            if (await ReadinessProbe.AnswersOkAsync(probe, "/api/health"))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                KillCurrent();
                throw new TimeoutException($"The app did not answer GET /api/health within {ReadyTimeout}.{Environment.NewLine}{Output}");
            }

            await Task.Delay(50);
        }
    }

    private sealed class AddressInUseException(int port) : Exception($"Port {port} is in use.");
}
