using Azure;
using Grpc.Core;

namespace FunctionApp.Http;

/// <summary>
/// Turns an outage of the app's storage (Azure Storage unreachable or failing, directly or behind the Durable task hub)
/// into a 503 problem that says so, instead of a bare 500: the request can be sent again once storage is back, and
/// nothing was half-done (every Durable change is one commit).
/// </summary>
internal static partial class StorageFailures
{
    /// <summary>
    /// Runs an HTTP function's work; a storage failure becomes a 503 problem with <c>Retry-After</c>, unless the caller
    /// went away (<paramref name="requestAborted"/>).
    /// </summary>
    public static async Task<IResult> AsProblemAsync(Func<Task<IResult>> work, CancellationToken requestAborted)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (IsStorageFailure(e, requestAborted))
        {
            return new StorageUnavailableResult(e);
        }
    }

    /// <summary>
    /// A storage call that failed (<see cref="RequestFailedException"/>), could not connect, or timed out after the Azure
    /// SDK's retries (an <see cref="AggregateException"/> of the attempts), or a Durable call the task hub could not serve.
    /// A cancellation counts only when the caller did not abort the request.
    /// </summary>
    internal static bool IsStorageFailure(Exception exception, CancellationToken requestAborted) => exception switch
    {
        RequestFailedException => true,
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded
            && !requestAborted.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(e => e is RequestFailedException or HttpRequestException
                || (e is OperationCanceledException && !requestAborted.IsCancellationRequested)),
        HttpRequestException => exception.StackTrace?.Contains("Azure.", StringComparison.Ordinal) == true,
        _ => false,
    };

    private sealed partial class StorageUnavailableResult(Exception failure) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var logger = httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageFailures));
            LogStorageFailure(logger, failure, httpContext.Request.Path);
            httpContext.Response.Headers.RetryAfter = "5";
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
                "The app cannot reach its Azure Storage account right now; retry in a few seconds.").ExecuteAsync(httpContext);
        }

        [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed while serving {Path}.")]
        private static partial void LogStorageFailure(ILogger logger, Exception exception, string path);
    }
}
