using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DevStorage;

/// <summary>One Azurite service (<c>node dist/src/{blob,queue,table}/main.js</c>) in its own process, on a given port.</summary>
internal sealed partial class AzuriteServiceProcess
{
    // Preloaded into node. SIGINT and SIGTERM are ignored: a terminal's Ctrl+C or an IDE's stop signals the whole process
    // group, and the service must outlive the app's own graceful shutdown, which still writes to storage. The service's
    // handlers for them (Blob and Queue handle both, Table only SIGINT; registered with process.once) are kept instead,
    // and run when our end of its stdin closes: we stopped it, or this .NET process died, even by SIGKILL. They flush
    // persisted data and close; the unref'd timer forces the exit after 2 s, because closing waits for the app's idle
    // keep-alive connections (10 s of a 12 s stop, measured), and every write Azurite acknowledged was saved before its
    // answer. Calling the handler (not process.kill) behaves the same on Windows. A scratch folder (data kept only for this run) is removed when the
    // service exits that way, so it does not stay behind when this .NET process was killed before it could remove it.
    private const string ParentWatchdog =
        "data:text/javascript,import{rmSync}from'node:fs';const held=[];process.on('SIGINT',()=>{});process.on('SIGTERM',()=>{});" +
        "process.on('exit',()=>{const d=process.env.DEVSTORAGE_SCRATCH;if(d){try{rmSync(d,{recursive:true,force:true,maxRetries:5})}catch{}}});" +
        "for(const m of ['on','once','addListener','prependListener','prependOnceListener']){const o=process[m].bind(process);" +
        "process[m]=(e,f)=>{if(e==='SIGINT'||e==='SIGTERM'){held.push(f);return process}return o(e,f)}}" +
        "const stop=()=>{setTimeout(()=>process.exit(0),2000).unref();if(held.length>0){held[0]()}else{process.exit(0)}};" +
        "process.stdin.once('end',stop);process.stdin.once('error',stop);process.stdin.resume()";

    /// <summary>The preload that makes a persistent service answer only once its data is saved.</summary>
    private static readonly string SaveBeforeAnswering = Path.Combine(AppContext.BaseDirectory, "azurite-save-before-answering.cjs");

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    private readonly Process _process;

    private AzuriteServiceProcess(Process process, string service, int port)
    {
        _process = process;
        Service = service;
        Port = port;
    }

    /// <summary><c>Blob</c>, <c>Queue</c> or <c>Table</c>.</summary>
    public string Service { get; }

    public int Port { get; }

    /// <summary>
    /// Starts the service and waits until it listens. <paramref name="location"/> is its data folder, or
    /// <see langword="null"/> to keep its data in memory.
    /// </summary>
    public static async Task<AzuriteServiceProcess> LaunchAsync(
        string distFolder, string service, int port, string? location, AzuriteOptions options, CancellationToken cancellationToken)
    {
        string prefix = service.ToLowerInvariant();
        string main = Path.Combine(distFolder, prefix, "main.js");
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = location ?? Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add("--import");
        startInfo.ArgumentList.Add(ParentWatchdog);
        if (location is not null && !options.InMemory)
        {
            // Data that must outlive a kill -9: acknowledged only once saved (see the script).
            startInfo.ArgumentList.Add("--require");
            startInfo.ArgumentList.Add(SaveBeforeAnswering);
        }

        startInfo.ArgumentList.Add(main);
        AddOption(startInfo, $"--{prefix}Host", options.Host);
        AddOption(startInfo, $"--{prefix}Port", port.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add("--skipApiVersionCheck");
        startInfo.ArgumentList.Add("--loose");
        startInfo.ArgumentList.Add("--disableProductStyleUrl");
        startInfo.ArgumentList.Add("--disableTelemetry");
        if (location is not null && options.InMemory)
        {
            startInfo.Environment["DEVSTORAGE_SCRATCH"] = location;
        }

        if (location is null)
        {
            startInfo.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            AddOption(startInfo, "--location", location);
        }

        if (options.Silent)
        {
            startInfo.ArgumentList.Add("--silent");
        }

        var output = new OutputLog(200);
        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            output.Add(e.Data);
            if (e.Data is not null && ReadyLine().Match(e.Data) is { Success: true } match && match.Groups["service"].Value == service)
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

        string commandLine = $"node {main} {string.Join(' ', startInfo.ArgumentList.Skip(3))}";
        bool listening;
        try
        {
            listening = await started.Task.WaitAsync(options.StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await KillAndWaitAsync(process);
            throw new TimeoutException(
                $"Azurite's {service} service did not report listening within {options.StartTimeout}.{Environment.NewLine}" +
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
                $"Azurite's {service} service exited with code {exitCode} before it was listening.{Environment.NewLine}" +
                $"Command: {commandLine}{Environment.NewLine}Output:{Environment.NewLine}{output}");
        }

        return new AzuriteServiceProcess(process, service, port);
    }

    /// <summary>Asks the service to shut down cleanly (it flushes persisted data); see <see cref="WaitOrKillAsync"/>.</summary>
    public void RequestStop()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
            // Already disposed by a concurrent stop.
        }
    }

    /// <summary>Waits up to <paramref name="grace"/> for the process to exit, then kills it.</summary>
    public async Task WaitOrKillAsync(TimeSpan grace)
    {
        if (grace > TimeSpan.Zero)
        {
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

    /// <summary>Synchronous <see cref="WaitOrKillAsync"/> for <see cref="AppDomain.ProcessExit"/>.</summary>
    public void WaitOrKill(TimeSpan grace)
    {
        try
        {
            if (grace > TimeSpan.Zero)
            {
                _process.WaitForExit(grace);
            }

            ProcessKiller.KillTree(_process);
            // The kill is only sent: until the process is gone it can still write its data files, into a scratch
            // folder being deleted, which then stays behind.
            _process.WaitForExit(KillWait);
        }
        catch (InvalidOperationException)
        {
            // Already disposed by a concurrent stop.
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

    // Blob and Queue say "successfully listens on <url>", Table "successfully started on <host>:<port>".
    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service successfully (listens|started) on ")]
    private static partial Regex ReadyLine();
}
