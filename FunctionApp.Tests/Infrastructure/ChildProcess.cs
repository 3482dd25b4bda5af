using System.Diagnostics;
using DevStorage;

namespace FunctionApp.Tests.Infrastructure;

/// <summary>
/// What every built app the tests run as a process of its own needs: a start with redirected streams, the settings
/// given to it as environment variables (without the inherited ones it must not see), its output kept, and whether
/// it reported its port as taken (a port picked free can be taken by someone else before the app binds it).
/// </summary>
internal sealed class ChildProcess
{
    private volatile bool _addressInUse;

    private ChildProcess(Process process) => Process = process;

    public Process Process { get; }

    public bool AddressInUse => _addressInUse;

    public static ProcessStartInfo StartInfo(string fileName, string folder) => new(fileName)
    {
        WorkingDirectory = folder,
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        RedirectStandardInput = true,
    };

    /// <summary>Removes inherited variables starting with any of <paramref name="drop"/>, then sets <paramref name="settings"/> (<c>:</c> as <c>__</c>).</summary>
    public static void SetEnvironment(ProcessStartInfo start, IEnumerable<string> drop, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (drop.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(name);
            }
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
    }

    /// <summary>Starts the process, its stdout and stderr read into <paramref name="output"/> for as long as it runs.</summary>
    public static ChildProcess Start(ProcessStartInfo start, OutputLog output)
    {
        var child = new ChildProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        void Received(string? line)
        {
            output.Add(line);
            if (line is not null && line.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                child._addressInUse = true;
            }
        }

        child.Process.OutputDataReceived += (_, e) => Received(e.Data);
        child.Process.ErrorDataReceived += (_, e) => Received(e.Data);
        child.Process.Start();
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        return child;
    }
}
