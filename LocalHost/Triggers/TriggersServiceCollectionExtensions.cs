using Azure.Storage.Queues.Models;
using LocalHost.Functions;
using QueueTriggerAttribute = Microsoft.Azure.Functions.Worker.QueueTriggerAttribute;
using TimerTriggerAttribute = Microsoft.Azure.Functions.Worker.TimerTriggerAttribute;
using Microsoft.DurableTask.Client;

namespace LocalHost.Triggers;

/// <summary>Registers the queue and timer triggers of the app's functions and the runner that delivers them.</summary>
internal static class TriggersServiceCollectionExtensions
{
    public static IServiceCollection AddTriggers(this IServiceCollection services)
    {
        services.AddOptions<QueueTriggerOptions>().BindConfiguration(QueueTriggerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LocalTriggerOptions>().BindConfiguration(LocalTriggerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEnumerable<TriggerFunction>>(sp => Resolve(sp.GetRequiredService<FunctionCatalog>(), sp.GetRequiredService<IConfiguration>()).ToList());
        services.AddHostedService<TriggerRunner>();
        return services;
    }

    private static IEnumerable<TriggerFunction> Resolve(FunctionCatalog catalog, IConfiguration configuration)
    {
        foreach (var function in catalog.OfKind(TriggerKind.Queue))
        {
            var queue = BindingExpressions.Resolve(((QueueTriggerAttribute)function.Trigger).QueueName, configuration, function);
            yield return new QueueFunction(function.Name, queue, (services, message, cancellationToken) =>
                FunctionInvoker.InvokeAsync(function, services, parameter => Bind(function, parameter, services, Message(function, message), cancellationToken)));
        }

        foreach (var function in catalog.OfKind(TriggerKind.Timer))
        {
            var schedule = BindingExpressions.Resolve(((TimerTriggerAttribute)function.Trigger).Schedule, configuration, function);
            TimerSchedule.Parse(schedule);
            yield return new TimerFunction(function.Name, schedule, (services, timer, cancellationToken) =>
                FunctionInvoker.InvokeAsync(function, services, parameter => Bind(function, parameter, services, timer, cancellationToken)));
        }
    }

    private static object Message(FunctionDefinition function, QueueMessage message) =>
        function.TriggerParameter.Type == typeof(string) ? message.Body.ToString()
        : function.TriggerParameter.Type == typeof(BinaryData) ? message.Body
        : message;

    private static object? Bind(FunctionDefinition function, FunctionParameter parameter, IServiceProvider services, object trigger, CancellationToken cancellationToken) => parameter.Source switch
    {
        ParameterSource.Trigger => trigger,
        ParameterSource.DurableClient => services.GetRequiredService<DurableTaskClient>(),
        ParameterSource.Cancellation => cancellationToken,
        _ => throw new InvalidOperationException($"{function}: '{parameter.Name}' cannot be bound."),
    };
}
