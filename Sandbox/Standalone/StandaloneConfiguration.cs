using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace Sandbox.Standalone;

/// <summary>The configuration of the standalone Sandbox (<see cref="Program"/>).</summary>
internal static class StandaloneConfiguration
{
    /// <summary>
    /// The address it listens on when none is configured: next to the Functions host's local default,
    /// <c>http://127.0.0.1:7071</c>, where the app runs.
    /// </summary>
    public const string DefaultUrl = "http://127.0.0.1:7072";

    /// <summary>The storage connection string's setting: the app's, so both can read one <c>local.settings.json</c> value.</summary>
    public const string StorageSetting = "AzureWebJobsStorage";

    /// <summary>
    /// Adds, beneath everything else: <see cref="StorageSetting"/> = <c>UseDevelopmentStorage=true</c> (Azurite on its
    /// default ports), and ASP.NET Core's per-request log lines at Warning. Listens on <see cref="DefaultUrl"/> unless
    /// <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>urls</c> says otherwise.
    /// </summary>
    public static WebApplicationBuilder AddStandaloneConfiguration(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [StorageSetting] = "UseDevelopmentStorage=true",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            },
        });

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }
}
