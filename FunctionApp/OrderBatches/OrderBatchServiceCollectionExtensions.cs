using FunctionApp.Hosting;

namespace FunctionApp.OrderBatches;

/// <summary>Registers the daily order file: its settings (the schedule checked at start), storage and intake.</summary>
internal static class OrderBatchServiceCollectionExtensions
{
    public static IServiceCollection AddOrderBatches(this IServiceCollection services)
    {
        services.AddOptions<OrderBatchOptions>().BindConfiguration(OrderBatchOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => NcrontabSchedule.IsValid(o.Schedule), "OrderBatches:Schedule must be an NCRONTAB expression with six fields (second minute hour day month day-of-week), e.g. '0 0 2 * * *'.")
            .ValidateOnStart();
        services.AddSingleton<OrderBatchStore>();
        services.AddSingleton<OrderFileIntake>();
        return services;
    }
}
