using FunctionApp.Tests.Infrastructure;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FunctionApp.Tests.Hosting;

/// <summary>
/// The packaged executable started as the Functions host starts a custom handler: in the package folder, with
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set and the app settings as environment variables (<c>__</c> for <c>:</c>), plus
/// an <c>ASPNETCORE_URLS</c> like the one a child of the host inherits, which the app must ignore.
/// </summary>
public sealed class HandlerProcess : IAsyncDisposable
{
    private static readonly string[] InheritedToDrop =
        ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "DOTNET_URLS", "FUNCTIONS_", "AzureWebJobs", "Durable__", "Sandbox__", "Auth__", "Callbacks__", "Orders__", "Integrations__", "Logging__"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HandlerProcess(Process process, int port, int inheritedUrlsPort)
    {
        _process = process;
        Port = port;
        InheritedUrlsPort = inheritedUrlsPort;
    }

    public int Port { get; }

    /// <summary>The port of the inherited <c>ASPNETCORE_URLS</c>: nothing may listen there.</summary>
    public int InheritedUrlsPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<HandlerProcess> StartAsync(string packageFolder, string executable, IDictionary<string, string> settings)
    {
        var port = FreePorts.Next();
        var inheritedUrlsPort = FreePorts.Next();
        var start = new ProcessStartInfo(Path.Combine(packageFolder, executable))
        {
            WorkingDirectory = packageFolder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var name in start.Environment.Keys.Where(n => InheritedToDrop.Any(p => n.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{inheritedUrlsPort}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var handler = new HandlerProcess(process, port, inheritedUrlsPort);
        process.OutputDataReceived += (_, e) => handler.Append(e.Data);
        process.ErrorDataReceived += (_, e) => handler.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The host gives a custom handler 60 seconds to start listening.
        using var probe = new HttpClient { BaseAddress = handler.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"The handler exited with code {process.ExitCode} before listening.{Environment.NewLine}{handler.Output}");
            }

            try
            {
                using var response = await probe.GetAsync("/api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return handler;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await handler.DisposeAsync();
                throw new TimeoutException($"The handler did not listen on {handler.BaseAddress} within 60 s.{Environment.NewLine}{handler.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Whether something accepts connections on <paramref name="port"/> of 127.0.0.1.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
