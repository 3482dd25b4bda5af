namespace LocalHost.Configuration;

/// <summary>
/// Where FunctionApp's <c>host.json</c> and <c>local.settings.json</c> are, as the Functions host finds them in its script
/// root: the <c>FunctionApp</c> folder of the repository (a local run from source), or the folder LocalHost runs from (a
/// build or publish output, where host.json is copied). <c>LocalHost:FunctionAppPath</c> names it explicitly.
/// </summary>
internal static class FunctionAppFolder
{
    public const string HostJson = "host.json";
    public const string SettingName = "LocalHost:FunctionAppPath";

    public static string Find(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[SettingName] is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, HostJson))
                ? Path.GetFullPath(configured)
                : throw new InvalidOperationException($"{SettingName} is '{configured}', but there is no {HostJson} there.");
        }

        foreach (var start in new[] { environment.ContentRootPath, Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "FunctionApp");
                if (File.Exists(Path.Combine(candidate, HostJson)) && File.Exists(Path.Combine(candidate, "FunctionApp.csproj")))
                {
                    return candidate;
                }
            }
        }

        return File.Exists(Path.Combine(AppContext.BaseDirectory, HostJson))
            ? AppContext.BaseDirectory
            : throw new InvalidOperationException(
                $"FunctionApp's {HostJson} was not found: run LocalHost from the repository, or set {SettingName} to the folder that holds it.");
    }
}
