using DurableEngine;
using FunctionApp.Hosting;
using FunctionApp.OrderBatches.Activities;
using Microsoft.Extensions.Options;

namespace FunctionApp.OrderBatches;

/// <summary>Registers the daily order file: its orchestrators, activities, intake and schedule.</summary>
internal static class OrderBatchServiceCollectionExtensions
{
    /// <summary>The timer function that picks up new order files.</summary>
    public const string ScheduleFunctionName = "OrderFileSchedule";

    public static DurableEngineBuilder AddOrderBatches(this DurableEngineBuilder engine)
    {
        var services = engine.Services;
        services.AddOptions<OrderBatchOptions>().BindConfiguration(OrderBatchOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => IsSchedule(o.Schedule), "OrderBatches:Schedule must be an NCRONTAB expression with six fields (second minute hour day month day-of-week), e.g. '0 0 2 * * *'.")
            .ValidateOnStart();
        services.AddSingleton<OrderBatchStore>();
        services.AddSingleton<OrderFileIntake>();
        services.AddTimerFunction(
            ScheduleFunctionName,
            sp => sp.GetRequiredService<IOptions<OrderBatchOptions>>().Value.Schedule,
            (sp, cancellationToken) => sp.GetRequiredService<OrderFileIntake>().ScanAsync(cancellationToken));
        return engine
            .AddOrchestrator<ProcessOrderFileOrchestrator>()
            .AddOrchestrator<PlaceOrderChunkOrchestrator>()
            .AddActivity<ParseOrderFile>()
            .AddActivity<ReadOrderChunk>()
            .AddActivity<SaveChunkResults>()
            .AddActivity<WriteOrderReport>();
    }

    private static bool IsSchedule(string expression)
    {
        try
        {
            TimerSchedule.Parse(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
