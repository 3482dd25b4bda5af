using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DevStorage;

/// <summary>
/// Makes sure the Azurite pinned in <c>package.json</c> is installed in <c>node_modules</c>, running <c>npm ci</c> once
/// under a cross-process lock so parallel test processes do not install over each other.
/// </summary>
internal static partial class AzuriteInstaller
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Installs Azurite if needed and returns the full path of its JS entry point.</summary>
    public static async Task<string> EnsureInstalledAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        if (TryGetEntryPoint(repositoryRoot, out string? entry, out _))
        {
            return entry;
        }

        using (await AcquireLockAsync(repositoryRoot, cancellationToken))
        {
            // Another process may have finished the install while we waited for the lock.
            if (TryGetEntryPoint(repositoryRoot, out entry, out _))
            {
                return entry;
            }

            await RunNpmCiAsync(repositoryRoot, cancellationToken);

            if (TryGetEntryPoint(repositoryRoot, out entry, out string? problem))
            {
                return entry;
            }

            throw new InvalidOperationException($"'npm ci' succeeded in '{repositoryRoot}' but Azurite is still not usable: {problem}");
        }
    }

    private static bool TryGetEntryPoint(string root, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? entry, out string? problem)
    {
        entry = null;
        string modules = Path.Combine(root, "node_modules");
        string packageJsonPath = Path.Combine(modules, "azurite", "package.json");
        string binLink = Path.Combine(modules, ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        if (!File.Exists(packageJsonPath) || !File.Exists(binLink))
        {
            problem = $"'{packageJsonPath}' or '{binLink}' is missing.";
            return false;
        }

        string relativeEntry = "dist/src/azurite.js";
        string? installedVersion;
        try
        {
            using JsonDocument package = JsonDocument.Parse(File.ReadAllText(packageJsonPath));
            if (package.RootElement.TryGetProperty("bin", out JsonElement bin)
                && bin.ValueKind == JsonValueKind.Object
                && bin.TryGetProperty("azurite", out JsonElement azuriteBin)
                && azuriteBin.GetString() is { Length: > 0 } binPath)
            {
                relativeEntry = binPath;
            }

            installedVersion = package.RootElement.TryGetProperty("version", out JsonElement version) ? version.GetString() : null;
        }
        catch (JsonException ex)
        {
            problem = $"'{packageJsonPath}' is not valid JSON: {ex.Message}";
            return false;
        }

        // A stale node_modules (the pin in package.json was bumped since the last install) is reinstalled too.
        string? pinned = ReadPinnedVersion(root);
        if (pinned is not null && installedVersion is not null && pinned != installedVersion)
        {
            problem = $"node_modules has Azurite {installedVersion} but package.json pins {pinned}.";
            return false;
        }

        string fullEntry = Path.GetFullPath(Path.Combine(modules, "azurite", relativeEntry));
        if (!File.Exists(fullEntry))
        {
            problem = $"The Azurite entry point '{fullEntry}' is missing.";
            return false;
        }

        entry = fullEntry;
        problem = null;
        return true;
    }

    /// <summary>The exact Azurite version pinned in the root package.json, or null if it is a range or absent.</summary>
    private static string? ReadPinnedVersion(string root)
    {
        try
        {
            using JsonDocument package = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "package.json")));
            foreach (string section in new[] { "devDependencies", "dependencies" })
            {
                if (package.RootElement.TryGetProperty(section, out JsonElement deps)
                    && deps.ValueKind == JsonValueKind.Object
                    && deps.TryGetProperty("azurite", out JsonElement spec)
                    && spec.GetString() is { } value)
                {
                    return ExactVersion().IsMatch(value) ? value : null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
        }

        return null;
    }

    private static async Task<FileStream> AcquireLockAsync(string root, CancellationToken cancellationToken)
    {
        // Keyed by the root's path so different checkouts do not block each other. The file lives in the temp folder
        // (not the repo) and is never deleted: deleting it on release would let two processes lock different inodes.
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar))))[..16];
        string lockPath = Path.Combine(Path.GetTempPath(), $"devstorage-npm-ci-{key}.lock");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (deadline.Elapsed < LockTimeout)
            {
                await Task.Delay(LockRetryDelay, cancellationToken);
            }
            catch (IOException ex)
            {
                throw new TimeoutException(
                    $"Timed out after {LockTimeout} waiting for the npm install lock '{lockPath}' held by another process. " +
                    "If no install is running, delete the file.", ex);
            }
        }
    }

    private static async Task RunNpmCiAsync(string root, CancellationToken cancellationToken)
    {
        string[] npmArgs = ["ci", "--ignore-scripts", "--no-audit", "--no-fund"];
        var startInfo = new ProcessStartInfo
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsWindows())
        {
            // npm is a .cmd shim on Windows, which only cmd.exe can run.
            startInfo.FileName = "cmd.exe";
            startInfo.ArgumentList.Add("/d");
            startInfo.ArgumentList.Add("/c");
            startInfo.ArgumentList.Add("npm");
        }
        else
        {
            startInfo.FileName = "npm";
        }

        foreach (string arg in npmArgs)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["npm_config_update_notifier"] = "false";

        var output = new OutputLog(400);
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"Azurite is not installed in '{Path.Combine(root, "node_modules")}' and 'npm' could not be started ({ex.Message}). " +
                "Install Node.js (which includes npm) and make sure it is on PATH, or run 'npm ci' in the repository root.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(InstallTimeout);
        try
        {
            await process.WaitForExitAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException)
        {
            ProcessKiller.KillTree(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"'npm {string.Join(' ', npmArgs)}' in '{root}' did not finish within {InstallTimeout}. Output:{Environment.NewLine}{output}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'npm {string.Join(' ', npmArgs)}' in '{root}' failed with exit code {process.ExitCode}. Output:{Environment.NewLine}{output}");
        }
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex ExactVersion();
}
