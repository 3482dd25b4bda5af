using System.Text;
using System.Text.RegularExpressions;
using DurableEngine.Dispatch;
using Microsoft.AspNetCore.Routing.Patterns;

namespace FunctionApp.Hosting;

/// <summary>
/// The functions the app defines, derived from its code at run time: every HTTP route it maps (one function a route,
/// with the union of its methods), the engine's control and work-item queues, and the queue and timer functions
/// registered with <see cref="FunctionRegistrations"/>. The one source of both the package's function.json files and
/// the invocation endpoints the app serves to the host.
/// </summary>
internal sealed partial class FunctionCatalog
{
    /// <summary>The engine's control queues' functions are this followed by the partition (00, 01, ...).</summary>
    public const string ControlFunctionPrefix = "DurableControl";

    public const string WorkItemFunctionName = "DurableWorkItems";

    // Route prefixes the Functions host keeps for itself (ScriptHost.ValidateHttpFunction): a function whose route starts
    // with one of them fails to load.
    private static readonly string[] ReservedRoutePrefixes = ["admin", "runtime"];

    private FunctionCatalog(IReadOnlyList<FunctionDefinition> functions) => Functions = functions;

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public IEnumerable<HttpFunction> Http => Functions.OfType<HttpFunction>();

    public IEnumerable<TriggerFunction> Triggers => Functions.OfType<TriggerFunction>();

    /// <summary>The catalog of an app: its endpoints (without the invocation endpoints) and its trigger functions.</summary>
    public static FunctionCatalog Create(IEnumerable<Endpoint> endpoints, IServiceProvider services)
    {
        var functions = new List<FunctionDefinition>();
        functions.AddRange(HttpFunctions(endpoints));
        functions.AddRange(TriggerFunctions(services));

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var function in functions)
        {
            if (!ValidName().IsMatch(function.Name))
            {
                throw new InvalidOperationException($"'{function.Name}' is not a valid function name: a letter, then up to 126 letters, digits or underscores.");
            }

            if (!names.Add(function.Name))
            {
                throw new InvalidOperationException($"Two functions are named '{function.Name}' (names are case-insensitive).");
            }
        }

        return new FunctionCatalog(functions);
    }

    /// <summary>The queue and timer functions: the engine's queues, then the registered ones.</summary>
    public static IReadOnlyList<TriggerFunction> TriggerFunctions(IServiceProvider services)
    {
        var engine = services.GetRequiredService<QueueTriggerProcessor>();
        var functions = new List<TriggerFunction>();
        var control = engine.ControlQueueNames;
        for (var i = 0; i < control.Count; i++)
        {
            functions.Add(new QueueFunction($"{ControlFunctionPrefix}{i:00}", control[i], ProcessEngineMessageAsync));
        }

        functions.Add(new QueueFunction(WorkItemFunctionName, engine.WorkItemQueueName, ProcessEngineMessageAsync));
        functions.AddRange(services.GetServices<TriggerFunction>());
        return functions;
    }

    /// <summary>One function a route, named after it, with the methods of every endpoint on it.</summary>
    public static IReadOnlyList<HttpFunction> HttpFunctions(IEnumerable<Endpoint> endpoints)
    {
        var routes = new SortedDictionary<string, SortedSet<string>?>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<FunctionInvocationEndpoint>() is not null)
            {
                continue;
            }

            var route = Route(endpoint.RoutePattern);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if (!routes.TryGetValue(route, out var known))
            {
                routes[route] = methods is { Count: > 0 } ? new SortedSet<string>(methods.Select(m => m.ToLowerInvariant()), StringComparer.Ordinal) : null;
            }
            else if (known is not null)
            {
                // An endpoint for any method makes the route's function take any method.
                if (methods is { Count: > 0 })
                {
                    known.UnionWith(methods.Select(m => m.ToLowerInvariant()));
                }
                else
                {
                    routes[route] = null;
                }
            }
        }

        var functions = new List<HttpFunction>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (route, methods) in routes)
        {
            CheckNotReserved(route);
            var name = NameOf(route);
            for (var n = 2; !names.Add(name); n++)
            {
                name = $"{NameOf(route)}_{n}";
            }

            functions.Add(new HttpFunction(name, route, methods?.ToList() ?? []));
        }

        return functions;
    }

    /// <summary>
    /// The route as a function.json route: the pattern's segments without the leading slash, parameters without their
    /// constraints or defaults (the app's own routing still applies them to the forwarded request).
    /// </summary>
    public static string Route(RoutePattern pattern) =>
        string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => $"{{{(parameter.IsCatchAll ? "*" : "")}{parameter.Name}{(parameter.IsOptional ? "?" : "")}}}",
            _ => throw new InvalidOperationException($"Unknown route part in '{pattern.RawText}'."),
        }))));

    /// <summary>A name from a route's literals and parameters: <c>api/orders/{id}</c> is <c>ApiOrdersById</c>.</summary>
    public static string NameOf(string route)
    {
        var name = new StringBuilder();
        foreach (var token in RouteToken().Matches(route).Select(m => m.Value))
        {
            if (token.StartsWith('{'))
            {
                name.Append("By");
                Pascal(name, token.Trim('{', '}', '*', '?'));
            }
            else
            {
                Pascal(name, token);
            }
        }

        if (name.Length == 0)
        {
            throw new InvalidOperationException("The app maps a route at the root ('/'): the Functions host cannot forward it (an empty route means the function's name).");
        }

        return char.IsAsciiLetter(name[0]) ? name.ToString() : "Http" + name;
    }

    /// <summary>Appends the letters and digits of <paramref name="text"/>, each word starting upper-case.</summary>
    private static void Pascal(StringBuilder name, string text)
    {
        var wordStart = true;
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                wordStart = true;
                continue;
            }

            name.Append(wordStart ? char.ToUpperInvariant(c) : c);
            wordStart = false;
        }
    }

    private static void CheckNotReserved(string route)
    {
        foreach (var prefix in ReservedRoutePrefixes)
        {
            if (route.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"The app maps '/{route}', but the Functions host reserves routes starting with '{prefix}' for itself. " +
                    $"Map it elsewhere when {nameof(HostingMode.HasFunctionsLayout)} (the management API moves under '{HostingMode.ManagementPathBase}').");
            }
        }
    }

    private static Task ProcessEngineMessageAsync(IServiceProvider services, TriggeredQueueMessage message, CancellationToken cancellationToken) =>
        services.GetRequiredService<QueueTriggerProcessor>().ProcessAsync(message.QueueName, message.Id, message.Text, message.DequeueCount, cancellationToken);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,126}$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"\{[^}]*\}|[^{}]+")]
    private static partial Regex RouteToken();
}
