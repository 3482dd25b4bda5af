using Azure;
using Microsoft.AspNetCore.Diagnostics;

namespace FunctionApp.Http;

/// <summary>
/// Turns storage outages (Azure Storage unreachable or failing) into a 503 problem that says so, instead of a bare 500:
/// the request can be retried once storage is back, and nothing was half-done (the engine commits atomically).
/// </summary>
internal sealed partial class StorageExceptionHandler(IProblemDetailsService problems, ILogger<StorageExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsStorageFailure(exception, httpContext.RequestAborted))
        {
            return false;
        }

        LogStorageFailure(logger, exception, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Type = Problems.TypeBase + "storage-unavailable",
                Detail = "The app cannot reach its Azure Storage account right now; retry in a few seconds.",
            },
        });
    }

    /// <summary>
    /// A storage call that failed (<see cref="RequestFailedException"/>), could not connect, or timed out: the Azure SDK
    /// reports the last two, after its retries, as an <see cref="AggregateException"/> of the attempts' exceptions.
    /// A cancellation counts only when the caller did not abort the request.
    /// </summary>
    internal static bool IsStorageFailure(Exception exception, CancellationToken requestAborted) => exception switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(e => e is RequestFailedException or HttpRequestException
                || (e is OperationCanceledException && !requestAborted.IsCancellationRequested)),
        HttpRequestException => exception.StackTrace?.Contains("Azure.", StringComparison.Ordinal) == true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed while serving {Path}.")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, string path);
}
