using LocalHost.Functions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LocalHost.Durable;

/// <summary>
/// An activity function, run by the SDK worker: its input deserialized to the <c>[ActivityTrigger]</c> parameter's type,
/// its class created from a new service scope, a Durable client for a <c>[DurableClient]</c> parameter.
/// </summary>
internal sealed class FunctionActivity(FunctionDefinition function, IServiceProvider services) : ITaskActivity
{
    public Type InputType => function.TriggerParameter.Type;

    public Type OutputType => function.ResultType == typeof(void) ? typeof(object) : function.ResultType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        await using var scope = services.CreateAsyncScope();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, parameter => parameter.Source switch
        {
            ParameterSource.Trigger => input,
            ParameterSource.DurableClient => services.GetRequiredService<DurableTaskClient>(),
            ParameterSource.Cancellation => stopping,
            _ => throw new InvalidOperationException($"{function}: an activity's '{parameter.Name}' cannot be bound."),
        });
    }
}
