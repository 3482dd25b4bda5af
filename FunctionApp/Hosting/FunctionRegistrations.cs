namespace FunctionApp.Hosting;

/// <summary>
/// Declares the app's own queue and timer functions, beside the engine's: each becomes a function.json in the package and
/// an invocation endpoint when the Functions host runs the app. One line each, e.g.
/// <c>services.AddTimerFunction("DailyOrderFile", "0 0 6 * * *", (sp, ct) => ...)</c>.
/// </summary>
/// <remarks>Standalone, nothing delivers them yet: the first schedule or queue brings the standalone runner with it.</remarks>
internal static class FunctionRegistrations
{
    public static IServiceCollection AddTimerFunction(this IServiceCollection services, string name, string schedule, TimerHandler handler) =>
        services.AddSingleton<TriggerFunction>(new TimerFunction(name, schedule, handler));

    public static IServiceCollection AddQueueFunction(this IServiceCollection services, string name, string queueName, QueueMessageHandler handler) =>
        services.AddSingleton<TriggerFunction>(new QueueFunction(name, queueName, handler));
}
