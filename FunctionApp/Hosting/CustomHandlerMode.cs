using System.Net;
using DurableEngine;
using DurableEngine.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FunctionApp.Hosting;

/// <summary>
/// Runs the app as an Azure Functions custom handler when the host starts it (<see cref="HostingMode.PortVariable"/> set):
/// it listens on 127.0.0.1 at that port only, turns its own queue dispatchers off and serves the host's invocations of
/// the queue and timer functions instead; HTTP requests come forwarded as they are to the same routes as standalone,
/// except the management API, which moves under <see cref="HostingMode.ManagementPathBase"/>. With
/// <see cref="HostingMode.EmitOption"/> it writes the package's function folders instead of running.
/// </summary>
internal static partial class CustomHandlerMode
{
    /// <summary>Registers the hosting mode and what depends on it; call right after creating the builder.</summary>
    public static WebApplicationBuilder AddFunctionsHosting(this WebApplicationBuilder builder, string[] args)
    {
        var emitFolder = HostingMode.EmitFolderFrom(args);
        if (emitFolder is not null)
        {
            // Writing function.json reads routes and queue names only: it needs no keys, and storage clients are created but
            // never called. The package runs on Azure, where the Sandbox is off.
            var settings = new Dictionary<string, string?> { ["Sandbox:Enabled"] = "false" };
            if (string.IsNullOrWhiteSpace(builder.Configuration[StorageServiceCollectionExtensions.SettingName])
                && string.IsNullOrWhiteSpace(builder.Configuration[$"{StorageServiceCollectionExtensions.SettingName}:accountName"]))
            {
                settings[StorageServiceCollectionExtensions.SettingName] = "UseDevelopmentStorage=true";
            }

            builder.Configuration.AddInMemoryCollection(settings);
        }

        // Resolved from the final configuration, so settings a test host adds after this call count too.
        builder.Services.AddSingleton(sp => HostingMode.Resolve(sp.GetRequiredService<IConfiguration>(), emitFolder));
        builder.Services.AddOptions<DurableEngineOptions>().PostConfigure<HostingMode>((options, mode) =>
        {
            if (mode.HasFunctionsLayout)
            {
                // The host's queue triggers deliver the hub's messages; polling them too would only compete for them.
                options.DispatchersEnabled = false;
            }
        });

        builder.Services.AddOptions<TriggerOptions>().BindConfiguration(TriggerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<StandaloneTriggerRunner>();

        // An endpoint set in code wins over ASPNETCORE_URLS, which the app inherits from the host's own environment.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<HostingMode>((options, mode) =>
        {
            if (mode.IsCustomHandler)
            {
                options.Listen(IPAddress.Loopback, mode.CustomHandlerPort!.Value);
            }
        });
        return builder;
    }

    /// <summary>Request handling that depends on the mode; call first in the pipeline.</summary>
    public static WebApplication UseFunctionsHosting(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<HostingMode>();
        if (!mode.HasFunctionsLayout)
        {
            return app;
        }

        // Behind the host the request comes from 127.0.0.1 over http; the caller's scheme and host are in these headers
        // when the front end sets them, so status URLs point where the caller can follow them.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost });
        var managementPathBase = new ManagementPathBase(HostingMode.ManagementPathBase);
        app.Use((context, next) =>
        {
            context.Features.Set(managementPathBase);
            return next(context);
        });
        return app;
    }

    /// <summary>Where the management API is mapped: Durable Functions' path, or under the path base behind the host.</summary>
    public static string ManagementApiPrefix(this WebApplication app) =>
        app.Services.GetRequiredService<HostingMode>().HasFunctionsLayout
            ? HostingMode.ManagementPathBase + StatusResponses.DefaultPrefix
            : StatusResponses.DefaultPrefix;

    /// <summary>Maps the invocation endpoints of the queue and timer functions, behind the host only.</summary>
    public static WebApplication MapFunctionInvocations(this WebApplication app)
    {
        if (app.Services.GetRequiredService<HostingMode>().HasFunctionsLayout)
        {
            app.MapInvocationEndpoints(FunctionCatalog.TriggerFunctions(app.Services));
        }

        return app;
    }

    /// <summary>Runs the app, or, with <see cref="HostingMode.EmitOption"/>, writes the function folders and returns.</summary>
    public static async Task RunOrEmitFunctionsAsync(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<HostingMode>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CustomHandlerMode).FullName!);
        if (mode.EmitFolder is { } folder)
        {
            // The endpoints as mapped, read without starting the server or anything that touches storage.
            var catalog = FunctionCatalog.Create(((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints), app.Services);
            FunctionFolders.Write(catalog, folder);
            int http = catalog.Http.Count(), triggers = catalog.Triggers.Count();
            LogEmitted(logger, http, triggers, folder);
            return;
        }

        if (mode.IsCustomHandler)
        {
            app.Lifetime.ApplicationStarted.Register(() => CheckFunctionFolders(app, logger));
        }

        await app.RunAsync();
    }

    /// <summary>
    /// Says loudly when the package's queue and timer functions are not the ones this app defines with its settings: the
    /// host would trigger on queues the app does not use, and nothing would process the app's. (A route the package
    /// lacks shows as a 404 instead, and the Sandbox's routes are never in the package.)
    /// </summary>
    private static void CheckFunctionFolders(WebApplication app, ILogger logger)
    {
        var root = app.Environment.ContentRootPath;
        if (!File.Exists(Path.Combine(root, "host.json")))
        {
            return;
        }

        var catalog = FunctionCatalog.Create(app.Services.GetRequiredService<EndpointDataSource>().Endpoints, app.Services);
        var mismatches = FunctionFolders.Mismatches(catalog.Triggers, root);
        if (mismatches.Count > 0)
        {
            var names = string.Join(", ", mismatches);
            LogMismatch(logger, root, names);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote function.json for {HttpCount} HTTP and {TriggerCount} trigger functions under {Folder}.")]
    private static partial void LogEmitted(ILogger logger, int httpCount, int triggerCount, string folder);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The function folders in {Root} differ from what this app defines for: {Functions}. The host triggers what the folders say (queue names follow Durable:TaskHubName and Durable:PartitionCount): publish again with the settings the app runs with.")]
    private static partial void LogMismatch(ILogger logger, string root, string functions);
}
