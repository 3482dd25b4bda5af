using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DevStorage;

/// <summary>One running <c>node azurite.js</c> process; <see cref="AzuriteProcess"/> replaces it on restart.</summary>
internal sealed partial class AzuriteInstance
{
    // Preloaded into node: when our end of its stdin closes (we stopped it, or this .NET process died, even by SIGKILL),
    // Azurite runs its own SIGTERM handler, which flushes persisted data, instead of lingering as an orphan.
    // process.emit (not process.kill) so it behaves the same on Windows; the unref'd timer forces exit if closing hangs.
    private const string ParentWatchdog =
        "data:text/javascript,const stop=()=>{setTimeout(()=>process.exit(0),10000).unref();" +
        "if(process.listenerCount('SIGTERM')>0){process.emit('SIGTERM','SIGTERM')}else{process.exit(0)}};" +
        "process.stdin.once('end',stop);process.stdin.once('error',stop);process.stdin.resume()";

    private readonly Process _process;

    private AzuriteInstance(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>Starts Azurite and waits until all three services listen. <paramref name="options"/> must have a resolved Location when not in memory.</summary>
    public static async Task<AzuriteInstance> LaunchAsync(string entryPoint, AzuriteOptions options, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = options.InMemory ? Path.GetTempPath() : options.Location!,
        };
        startInfo.ArgumentList.Add("--import");
        startInfo.ArgumentList.Add(ParentWatchdog);
        startInfo.ArgumentList.Add(entryPoint);
        AddOption(startInfo, "--blobHost", options.Host);
        AddOption(startInfo, "--queueHost", options.Host);
        AddOption(startInfo, "--tableHost", options.Host);
        AddOption(startInfo, "--blobPort", options.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddOption(startInfo, "--queuePort", options.QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddOption(startInfo, "--tablePort", options.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add("--skipApiVersionCheck");
        startInfo.ArgumentList.Add("--loose");
        startInfo.ArgumentList.Add("--disableProductStyleUrl");
        startInfo.ArgumentList.Add("--disableTelemetry");
        if (options.InMemory)
        {
            startInfo.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            AddOption(startInfo, "--location", options.Location!);
        }

        if (options.Silent)
        {
            startInfo.ArgumentList.Add("--silent");
        }

        var output = new OutputLog(200);
        int blobPort = 0, queuePort = 0, tablePort = 0;
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            output.Add(e.Data);
            if (e.Data is null || ListeningLine().Match(e.Data) is not { Success: true } match
                || !Uri.TryCreate(match.Groups["url"].Value, UriKind.Absolute, out Uri? url))
            {
                return;
            }

            switch (match.Groups["service"].Value)
            {
                case "Blob": Volatile.Write(ref blobPort, url.Port); break;
                case "Queue": Volatile.Write(ref queuePort, url.Port); break;
                case "Table": Volatile.Write(ref tablePort, url.Port); break;
            }

            if (Volatile.Read(ref blobPort) != 0 && Volatile.Read(ref queuePort) != 0 && Volatile.Read(ref tablePort) != 0)
            {
                started.TrySetResult(true);
            }
        };
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Exited += (_, _) => started.TrySetResult(false);

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Could not start 'node' to run Azurite ({ex.Message}). Install Node.js and make sure 'node' is on PATH.", ex);
        }

        // Reading continues for the life of the process so a full pipe never blocks Azurite.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        string commandLine = $"node {entryPoint} {string.Join(' ', startInfo.ArgumentList.Skip(3))}";
        bool listening;
        try
        {
            listening = await started.Task.WaitAsync(options.StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await KillAndWaitAsync(process);
            throw new TimeoutException(
                $"Azurite did not report all three services listening within {options.StartTimeout}.{Environment.NewLine}" +
                $"Command: {commandLine}{Environment.NewLine}Output:{Environment.NewLine}{output}");
        }
        catch (OperationCanceledException)
        {
            await KillAndWaitAsync(process);
            throw;
        }

        if (!listening)
        {
            await process.WaitForExitAsync(CancellationToken.None); // drains the remaining output
            int exitCode = process.ExitCode;
            process.Dispose();
            throw new InvalidOperationException(
                $"Azurite exited with code {exitCode} before all three services were listening.{Environment.NewLine}" +
                $"Command: {commandLine}{Environment.NewLine}Output:{Environment.NewLine}{output}");
        }

        return new AzuriteInstance(process, blobPort, queuePort, tablePort);
    }

    /// <summary>Stops Azurite: closes its stdin so it shuts down cleanly within <paramref name="grace"/>, then kills the tree.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (grace > TimeSpan.Zero)
        {
            CloseInput();
            try
            {
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(grace);
            }
            catch (TimeoutException)
            {
            }
        }

        await KillAndWaitAsync(_process);
    }

    /// <summary>Synchronous variant of <see cref="StopAsync"/> for <see cref="AppDomain.ProcessExit"/>.</summary>
    public void Stop(TimeSpan grace)
    {
        try
        {
            if (grace > TimeSpan.Zero)
            {
                CloseInput();
                _process.WaitForExit(grace);
            }

            ProcessKiller.KillTree(_process);
        }
        catch (InvalidOperationException)
        {
            // Already disposed by a concurrent StopAsync.
        }
    }

    private void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
    }

    private static async Task KillAndWaitAsync(Process process)
    {
        ProcessKiller.KillTree(process);
        await process.WaitForExitAsync(CancellationToken.None);
        process.Dispose();
    }

    private static void AddOption(ProcessStartInfo startInfo, string name, string value)
    {
        startInfo.ArgumentList.Add(name);
        startInfo.ArgumentList.Add(value);
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>\S+)")]
    private static partial Regex ListeningLine();
}
