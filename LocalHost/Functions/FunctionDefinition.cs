using System.Reflection;

namespace LocalHost.Functions;

/// <summary>What starts a function, as its trigger attribute says.</summary>
internal enum TriggerKind
{
    Http,
    Orchestration,
    Activity,
    Queue,
    Timer,
}

/// <summary>Where a parameter of a function gets its value, as the Functions host would bind it.</summary>
internal enum ParameterSource
{
    /// <summary>The trigger's data: the request, the orchestration context, the activity input, the message, the timer.</summary>
    Trigger,

    /// <summary>A <c>[DurableClient]</c> parameter.</summary>
    DurableClient,

    /// <summary>The invocation's cancellation token.</summary>
    Cancellation,

    /// <summary>An HTTP function's route value of the same name.</summary>
    RouteValue,

    /// <summary>An orchestrator's input, deserialized to the parameter's type.</summary>
    OrchestrationInput,
}

/// <summary>One parameter of a function and where its value comes from.</summary>
internal sealed record FunctionParameter(ParameterInfo Info, ParameterSource Source)
{
    public string Name => Info.Name!;

    public Type Type => Info.ParameterType;
}

/// <summary>
/// One <c>[Function]</c> method of the app: its name, trigger and parameters, found from its attributes as the Functions
/// SDK finds them when it writes <c>functions.metadata</c>.
/// </summary>
/// <param name="Name">The function's name (<c>[Function("...")]</c>), also its orchestrator's or activity's name.</param>
/// <param name="Method">The method; its class is created from the services for every invocation, as the worker does.</param>
/// <param name="Kind">Its trigger.</param>
/// <param name="Trigger">The trigger attribute, with its settings (route, methods, queue, schedule).</param>
/// <param name="Parameters">Every parameter, in order, with where its value comes from.</param>
/// <param name="ResultType">What the method produces once awaited (<see cref="void"/> for none).</param>
internal sealed record FunctionDefinition(string Name, MethodInfo Method, TriggerKind Kind, Attribute Trigger, IReadOnlyList<FunctionParameter> Parameters, Type ResultType)
{
    /// <summary>The parameter that carries the trigger's data.</summary>
    public FunctionParameter TriggerParameter => Parameters.Single(p => p.Source == ParameterSource.Trigger);

    public override string ToString() => $"{Name} ({Method.DeclaringType?.FullName}.{Method.Name})";
}
