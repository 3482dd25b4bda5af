using System.Diagnostics;
using System.Net;
using DevStorage;

namespace FunctionApp.Tests.Infrastructure;

/// <summary>
/// The built Sandbox on its own (<c>dotnet Sandbox.dll --urls ...</c>, from this test assembly's folder, where the
/// reference to LocalHost puts it) as a separate OS process on a free port of 127.0.0.1, against the storage it is given:
/// the Sandbox a run under <c>func start</c> uses. Its stdout and stderr are kept for failure messages; disposing kills it.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] InheritedToDrop = ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "DOTNET_URLS", "AzureWebJobsStorage", "Sandbox__", "Logging__"];

    private readonly OutputLog _output = new(500);
    private readonly HttpClient _http;
    private readonly EventHandler _onProcessExit;
    private Process? _process;

    private SandboxProcess(int port)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _onProcessExit = (_, _) => KillCurrent();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    public Uri BaseAddress { get; }

    /// <summary>The process id, while it runs.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The Sandbox is not running.");

    /// <summary>The last lines the Sandbox wrote to stdout and stderr.</summary>
    public string Output => _output.ToString();

    /// <summary>The Sandbox's control surface.</summary>
    public SandboxControl Control => new(_http);

    /// <summary>A client of the Sandbox.</summary>
    public HttpClient Http => _http;

    /// <summary>
    /// Starts the Sandbox against <paramref name="connectionString"/> (its <c>AzureWebJobsStorage</c>) and waits until it
    /// answers; <paramref name="settings"/> (configuration keys, <c>:</c> separated) are passed as environment variables.
    /// </summary>
    public static async Task<SandboxProcess> StartAsync(string connectionString, IDictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["AzureWebJobsStorage"] = connectionString };

        // A port picked free can be taken by someone else before the Sandbox binds it: then pick another.
        for (var attempt = 1; ; attempt++)
        {
            var sandbox = new SandboxProcess(FreePorts.Next());
            try
            {
                await sandbox.StartProcessAsync(environment);
                return sandbox;
            }
            catch (AddressInUseException) when (attempt < 5)
            {
                await sandbox.DisposeAsync();
            }
            catch
            {
                await sandbox.DisposeAsync();
                throw;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        KillCurrent();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StartProcessAsync(Dictionary<string, string?> settings)
    {
        var folder = AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "Sandbox.dll");
        if (!File.Exists(dll) || !File.Exists(Path.Combine(folder, "Sandbox.runtimeconfig.json")))
        {
            throw new InvalidOperationException($"Sandbox.dll and its runtimeconfig.json are not next to the tests in {folder}.");
        }

        var start = ChildProcess.StartInfo(DotnetHost.Executable, folder);
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        ChildProcess.SetEnvironment(start, InheritedToDrop, settings);

        _output.Add($"=== dotnet {dll} --urls {BaseAddress} ===");
        var child = ChildProcess.Start(start, _output);
        var process = child.Process;
        _process = process;

        // Answering a control request means listening with storage behind it.
        var deadline = DateTime.UtcNow + ReadyTimeout;
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // drains the output
                var exitCode = process.ExitCode;
                KillCurrent();
                throw child.AddressInUse
                    ? new AddressInUseException(BaseAddress.Port)
                    : new InvalidOperationException($"The Sandbox exited with code {exitCode} before it was ready.{Environment.NewLine}{Output}");
            }

            if (await ReadinessProbe.AnswersOkAsync(probe, "/sandbox/inventory/faults"))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                KillCurrent();
                throw new TimeoutException($"The Sandbox did not answer GET /sandbox/inventory/faults within {ReadyTimeout}.{Environment.NewLine}{Output}");
            }

            await Task.Delay(50);
        }
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

    private sealed class AddressInUseException(int port) : Exception($"Port {port} is in use.");
}
