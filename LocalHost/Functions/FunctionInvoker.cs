using System.Reflection;
using System.Runtime.ExceptionServices;

namespace LocalHost.Functions;

/// <summary>
/// Runs one invocation of a function as the worker does: a new instance of its class from the invocation's services
/// (constructor injection), its parameters bound, its result awaited.
/// </summary>
internal static class FunctionInvoker
{
    /// <summary>Invokes <paramref name="function"/>; <paramref name="bind"/> gives each parameter's value.</summary>
    public static async Task<object?> InvokeAsync(FunctionDefinition function, IServiceProvider services, Func<FunctionParameter, object?> bind)
    {
        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Method.DeclaringType!);
        var arguments = function.Parameters.Select(bind).ToArray();
        object? returned;
        try
        {
            returned = function.Method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        switch (returned)
        {
            case Task task:
                await task;
                return function.ResultType == typeof(void) ? null : task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return returned;
        }
    }
}
