namespace FunctionApp.Hosting;

/// <summary>
/// Declares the app's own queue and timer functions, beside the engine's: each becomes a function.json in the package and
/// an invocation endpoint when the Functions host runs the app, and is delivered by the <see cref="StandaloneTriggerRunner"/>
/// otherwise. One line each, e.g. <c>services.AddTimerFunction("DailyOrderFile", "0 0 6 * * *", (sp, ct) => ...)</c>.
/// The overloads taking a function read the queue name or schedule from the final configuration.
/// </summary>
internal static class FunctionRegistrations
{
    public static IServiceCollection AddTimerFunction(this IServiceCollection services, string name, string schedule, TimerHandler handler) =>
        services.AddTimerFunction(name, _ => schedule, handler);

    public static IServiceCollection AddTimerFunction(this IServiceCollection services, string name, Func<IServiceProvider, string> schedule, TimerHandler handler) =>
        services.AddSingleton<TriggerFunction>(sp =>
        {
            var expression = schedule(sp);
            TimerSchedule.Parse(expression);
            return new TimerFunction(name, expression, handler);
        });

    public static IServiceCollection AddQueueFunction(this IServiceCollection services, string name, string queueName, QueueMessageHandler handler) =>
        services.AddQueueFunction(name, _ => queueName, handler);

    public static IServiceCollection AddQueueFunction(this IServiceCollection services, string name, Func<IServiceProvider, string> queueName, QueueMessageHandler handler) =>
        services.AddSingleton<TriggerFunction>(sp => new QueueFunction(name, queueName(sp), handler));
}
