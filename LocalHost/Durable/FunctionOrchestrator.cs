using System.Text.Json;
using LocalHost.Functions;
using Microsoft.DurableTask;

namespace LocalHost.Durable;

/// <summary>
/// An orchestrator function, run by the SDK worker: each episode creates the function's class from a new service scope,
/// as the Functions worker does for every invocation, and calls it with the <see cref="FunctionOrchestrationContext"/>
/// and, for a plain parameter, the input deserialized to its type (as the Durable extension binds it).
/// </summary>
internal sealed class FunctionOrchestrator(FunctionDefinition function, IServiceProvider services, JsonSerializerOptions json) : ITaskOrchestrator
{
    public Type InputType => typeof(JsonElement?);

    public Type OutputType => function.ResultType == typeof(void) ? typeof(object) : function.ResultType;

    public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var element = input as JsonElement?;
        var functionContext = new FunctionOrchestrationContext(context, element, json, services.GetRequiredService<ILoggerFactory>());
        await using var scope = services.CreateAsyncScope();
        return await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, parameter => parameter.Source switch
        {
            ParameterSource.Trigger => functionContext,
            ParameterSource.OrchestrationInput => element?.Deserialize(parameter.Type, json),
            ParameterSource.Cancellation => CancellationToken.None,
            _ => throw new InvalidOperationException($"{function}: an orchestrator's '{parameter.Name}' cannot be bound."),
        });
    }
}
