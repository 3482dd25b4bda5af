using NCrontab;

namespace FunctionApp.Hosting;

/// <summary>Checks a timer trigger's schedule as the Functions host reads it: NCRONTAB with six fields, seconds first.</summary>
internal static class NcrontabSchedule
{
    public static bool IsValid(string? expression) =>
        expression is not null
        && expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6
        && CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null;
}
