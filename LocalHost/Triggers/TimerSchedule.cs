using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace LocalHost.Triggers;

/// <summary>
/// Runs a <see cref="TimerFunction"/> as the Functions host's timer trigger does with its schedule monitor:
/// the last run is kept in a status blob, so an occurrence missed while no instance was running is run once (past due)
/// at the next start, and an occurrence is claimed by a conditional write of that blob, so with several instances only
/// one runs it. The first start ever runs nothing until the first occurrence. Times are UTC.
/// </summary>
internal sealed partial class TimerSchedule(TimerFunction function, string hostId, IServiceProvider services, BlobServiceClient blobs, TimeProvider time, ILogger logger)
{
    /// <summary>The container of the status blobs, the one the Functions host keeps its own in.</summary>
    public const string StatusContainer = "azure-webjobs-hosts";

    // A long sleep is cut into these, so a status changed by another instance is seen.
    private static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>Parses an NCRONTAB expression with six fields (seconds first), as function.json's <c>schedule</c>.</summary>
    public static CrontabSchedule Parse(string expression) =>
        CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
        ?? throw new FormatException($"'{expression}' is not an NCRONTAB schedule with six fields (second minute hour day month day-of-week), e.g. '0 0 2 * * *'.");

    /// <summary>The status blob of a timer function.</summary>
    public static string StatusBlobName(string hostId, string functionName) => $"timers/{hostId}/{functionName}/status";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var schedule = Parse(function.Schedule);
        var container = blobs.GetBlobContainerClient(StatusContainer);
        var status = container.GetBlobClient(StatusBlobName(hostId, function.Name));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                var (lastRun, etag) = await ReadAsync(status, stoppingToken);
                var now = time.GetUtcNow().UtcDateTime;
                if (lastRun is null)
                {
                    await TryWriteAsync(status, now, etag, stoppingToken);
                    continue;
                }

                var due = schedule.GetNextOccurrence(lastRun.Value);
                if (due > now)
                {
                    await Task.Delay(Min(due - now, MaxSleep), time, stoppingToken);
                    continue;
                }

                // Claim it: of the instances that read this status, one wins. The next occurrence counts from now, so
                // occurrences missed while nothing ran make one late run, not many.
                if (!await TryWriteAsync(status, now, etag, stoppingToken))
                {
                    continue;
                }

                var pastDue = now - due > TimeSpan.FromSeconds(1);
                LogRunning(logger, function.Name, due, pastDue);
                await using var scope = services.CreateAsyncScope();
                var timer = new TimerInfo
                {
                    IsPastDue = pastDue,
                    ScheduleStatus = new ScheduleStatus { Last = lastRun.Value, Next = schedule.GetNextOccurrence(now), LastUpdated = now },
                };
                await function.Invoke(scope.ServiceProvider, timer, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogFailed(logger, e, function.Name);
                try
                {
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private static async Task<(DateTime? LastRun, ETag? ETag)> ReadAsync(BlobClient status, CancellationToken cancellationToken)
    {
        try
        {
            var content = await status.DownloadContentAsync(cancellationToken);
            var record = content.Value.Content.ToObjectFromJson<TimerStatus>();
            return (record?.LastRun.ToUniversalTime(), content.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, null);
        }
        catch (JsonException)
        {
            // An unreadable status is replaced, as if the timer were new.
            return (null, (await status.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag);
        }
    }

    /// <summary>Writes the status if it is still the one read (or still absent); false if another instance got there first.</summary>
    private static async Task<bool> TryWriteAsync(BlobClient status, DateTime lastRun, ETag? etag, CancellationToken cancellationToken)
    {
        try
        {
            await status.UploadAsync(
                BinaryData.FromObjectAsJson(new TimerStatus(lastRun)),
                new BlobUploadOptions { Conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {Function} for its occurrence at {Due:O} (past due: {PastDue}).")]
    private static partial void LogRunning(ILogger logger, string function, DateTime due, bool pastDue);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed; its schedule goes on.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function);

    /// <summary>The status blob's content.</summary>
    private sealed record TimerStatus(DateTime LastRun);
}
