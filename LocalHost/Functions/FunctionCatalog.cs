using System.Reflection;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LocalHost.Functions;

/// <summary>
/// Every <c>[Function]</c> of the app's assembly, found from its attributes. A function this host cannot run (a trigger or
/// a parameter it does not bind, a result it cannot return) stops the start with a message naming it, rather than
/// failing when it is first called.
/// </summary>
internal sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<FunctionDefinition> functions) => Functions = functions;

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public IEnumerable<FunctionDefinition> OfKind(TriggerKind kind) => Functions.Where(f => f.Kind == kind);

    /// <summary>Discovers the functions of <paramref name="assemblies"/>; throws, naming each one, if any cannot be bound.</summary>
    public static FunctionCatalog Discover(params Assembly[] assemblies)
    {
        var functions = new List<FunctionDefinition>();
        var problems = new List<string>();
        var methods = assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);
        foreach (var method in methods)
        {
            var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
            var where = $"{name} ({method.DeclaringType!.FullName}.{method.Name})";
            var triggers = method.GetParameters().Select(p => (Parameter: p, Attribute: TriggerOf(p))).Where(t => t.Attribute is not null).ToList();
            if (triggers.Count != 1)
            {
                problems.Add($"{where}: needs exactly one trigger parameter (HttpTrigger, OrchestrationTrigger, ActivityTrigger, QueueTrigger or TimerTrigger), has {triggers.Count}.");
                continue;
            }

            var (triggerParameter, trigger) = triggers[0];
            var kind = KindOf(trigger!);
            var parameters = new List<FunctionParameter>();
            foreach (var parameter in method.GetParameters())
            {
                if (SourceOf(parameter, parameter.Position == triggerParameter.Position, kind, trigger!) is { } source)
                {
                    parameters.Add(new FunctionParameter(parameter, source));
                }
                else
                {
                    problems.Add($"{where}: cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name} for a {kind} function.");
                }
            }

            if (kind == TriggerKind.Http && !typeof(IResult).IsAssignableFrom(ResultOf(method.ReturnType)))
            {
                problems.Add($"{where}: an HTTP function here must return IResult or Task<IResult>, not {method.ReturnType.Name}.");
            }

            if (kind == TriggerKind.Http && triggerParameter.ParameterType != typeof(HttpRequest))
            {
                problems.Add($"{where}: the HTTP trigger must bind HttpRequest (the ASP.NET Core integration), not {triggerParameter.ParameterType.Name}.");
            }

            if (functions.Any(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{where}: another function has the name '{name}'.");
            }

            functions.Add(new FunctionDefinition(name, method, kind, trigger!, parameters, ResultOf(method.ReturnType)));
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"LocalHost cannot run {problems.Count} of the app's functions:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        return new FunctionCatalog(functions);
    }

    private static Attribute? TriggerOf(ParameterInfo parameter) =>
        parameter.GetCustomAttributes().FirstOrDefault(a => a is HttpTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute or QueueTriggerAttribute or TimerTriggerAttribute
            || a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal));

    private static TriggerKind KindOf(Attribute trigger) => trigger switch
    {
        HttpTriggerAttribute => TriggerKind.Http,
        OrchestrationTriggerAttribute => TriggerKind.Orchestration,
        ActivityTriggerAttribute => TriggerKind.Activity,
        QueueTriggerAttribute => TriggerKind.Queue,
        TimerTriggerAttribute => TriggerKind.Timer,
        _ => throw new InvalidOperationException($"LocalHost has no {trigger.GetType().Name[..^"Attribute".Length]}: only HTTP, orchestration, activity, queue and timer triggers."),
    };

    private static ParameterSource? SourceOf(ParameterInfo parameter, bool isTrigger, TriggerKind kind, Attribute trigger)
    {
        var type = parameter.ParameterType;
        if (isTrigger)
        {
            return kind switch
            {
                TriggerKind.Orchestration when type == typeof(TaskOrchestrationContext) => ParameterSource.Trigger,
                TriggerKind.Queue when type == typeof(QueueMessage) || type == typeof(string) || type == typeof(BinaryData) => ParameterSource.Trigger,
                TriggerKind.Timer when type == typeof(TimerInfo) => ParameterSource.Trigger,
                TriggerKind.Http or TriggerKind.Activity => ParameterSource.Trigger,
                _ => null,
            };
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return type == typeof(DurableTaskClient) ? ParameterSource.DurableClient : null;
        }

        if (type == typeof(CancellationToken))
        {
            return ParameterSource.Cancellation;
        }

        if (kind == TriggerKind.Http && trigger is HttpTriggerAttribute { Route: { } route }
            && route.Contains("{" + parameter.Name, StringComparison.OrdinalIgnoreCase) && (type == typeof(string) || type == typeof(int) || type == typeof(Guid)))
        {
            return ParameterSource.RouteValue;
        }

        // The Durable extension gives an orchestrator's one plain parameter the orchestration's input.
        return kind == TriggerKind.Orchestration && parameter.GetCustomAttributes().All(a => a.GetType().Namespace?.StartsWith("Microsoft.Azure.Functions", StringComparison.Ordinal) != true)
            ? ParameterSource.OrchestrationInput
            : null;
    }

    private static Type ResultOf(Type returnType) =>
        returnType == typeof(Task) || returnType == typeof(ValueTask) || returnType == typeof(void) ? typeof(void)
        : returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)) ? returnType.GetGenericArguments()[0]
        : returnType;
}
