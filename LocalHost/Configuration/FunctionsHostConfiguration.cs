namespace LocalHost.Configuration;

/// <summary>The configuration the Functions host gives a function app, for a LocalHost run.</summary>
internal static class FunctionsHostConfiguration
{
    /// <summary>The address a local run listens on when none is configured: the Functions host's local default.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>
    /// Adds, beneath the environment variables and the command line (which win, as app settings do over host.json):
    /// FunctionApp's <c>host.json</c> (<see cref="HostJson"/>) and, in Development, its <c>local.settings.json</c>
    /// (<see cref="LocalSettings"/>). Listens on <see cref="DefaultUrl"/> unless told otherwise.
    /// </summary>
    public static WebApplicationBuilder AddFunctionsHostConfiguration(this WebApplicationBuilder builder)
    {
        var folder = FunctionAppFolder.Find(builder.Configuration, builder.Environment);
        var sources = builder.Configuration.Sources.ToList();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(HostJson.Read(Path.Combine(folder, FunctionAppFolder.HostJson)));
        builder.Configuration.AddInMemoryCollection(LocalSettings.Read(folder, builder.Environment));
        foreach (var source in sources)
        {
            builder.Configuration.Sources.Add(source);
        }

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }
}
