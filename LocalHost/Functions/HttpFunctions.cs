using System.ComponentModel;
using FunctionApp;
using LocalHost.Security;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LocalHost.Functions;

/// <summary>
/// Serves the app's HTTP functions as the Functions host does: each route under the route prefix (host.json
/// <c>extensions.http.routePrefix</c>, default <c>api</c>) for its methods, its authorization level checked against the
/// host keys, the function given the request (ASP.NET Core integration), its route values and a Durable client, and its
/// <see cref="IResult"/> written as the response. An unhandled exception is a 500 problem without details, as the host's
/// answer has none.
/// </summary>
internal static partial class HttpFunctions
{
    public static IServiceCollection AddFunctionCatalog(this IServiceCollection services)
    {
        // Discovered now, so a function this host cannot run stops the start with its name.
        services.AddSingleton(FunctionCatalog.Discover(typeof(IntegrationApp).Assembly));
        return services;
    }

    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder app)
    {
        var catalog = app.ServiceProvider.GetRequiredService<FunctionCatalog>();
        var prefix = app.ServiceProvider.GetRequiredService<IConfiguration>()["AzureFunctionsJobHost:extensions:http:routePrefix"] ?? "api";
        foreach (var function in catalog.OfKind(TriggerKind.Http))
        {
            var trigger = (HttpTriggerAttribute)function.Trigger;
            var route = "/" + string.Join('/', new[] { prefix.Trim('/'), (trigger.Route ?? function.Name).Trim('/') }.Where(s => s.Length > 0));
            var methods = trigger.Methods is { Length: > 0 } given ? given.Select(m => m.ToUpperInvariant()).ToArray() : ["GET", "POST"];
            app.MapMethods(route, methods, (HttpContext http) => InvokeAsync(function, trigger.AuthLevel, http))
                .WithName(function.Name)
                .WithDisplayName(function.Name);
        }

        return app;
    }

    private static async Task InvokeAsync(FunctionDefinition function, AuthorizationLevel level, HttpContext http)
    {
        if (HostKeys.Check(http, level) is { } denied)
        {
            await denied.ExecuteAsync(http);
            return;
        }

        IResult result;
        try
        {
            result = (IResult?)await FunctionInvoker.InvokeAsync(function, http.RequestServices, parameter => parameter.Source switch
            {
                ParameterSource.Trigger => http.Request,
                ParameterSource.DurableClient => http.RequestServices.GetRequiredService<DurableTaskClient>(),
                ParameterSource.Cancellation => http.RequestAborted,
                ParameterSource.RouteValue => RouteValue(http, parameter),
                _ => throw new InvalidOperationException($"{function}: no value for '{parameter.Name}'."),
            }) ?? TypedResults.NoContent();
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            LogFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + function.Name), e, function.Name);
            result = TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Function failed",
                detail: $"{function.Name} failed; its log has the details.");
        }

        await result.ExecuteAsync(http);
    }

    private static object? RouteValue(HttpContext http, FunctionParameter parameter)
    {
        var value = http.GetRouteValue(parameter.Name)?.ToString();
        return value is null || parameter.Type == typeof(string) ? value : TypeDescriptor.GetConverter(parameter.Type).ConvertFromInvariantString(value);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Executed 'Functions.{Function}' (Failed).")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function);
}
