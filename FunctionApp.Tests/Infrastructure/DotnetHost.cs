namespace FunctionApp.Tests.Infrastructure;

/// <summary>The <c>dotnet</c> executable running the tests, which runs the built apps next to them (<c>dotnet LocalHost.dll</c>).</summary>
internal static class DotnetHost
{
    public static string Executable
    {
        get
        {
            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            {
                return host;
            }

            var current = Environment.ProcessPath;
            return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
                ? current
                : "dotnet";
        }
    }
}
