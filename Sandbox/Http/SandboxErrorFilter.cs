using Azure;
using Azure.Data.Tables.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sandbox.Storage;

namespace Sandbox.Http;

/// <summary>
/// Answers an unexpected failure of the sandbox itself (mostly storage) with problem details, so that a caller never
/// sees a stack trace, not even from the developer exception page.
/// </summary>
internal sealed partial class SandboxErrorFilter(SandboxTables tables, ILogger<SandboxErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (BadHttpRequestException ex)
        {
            return TypedResults.Problem(detail: ex.Message, statusCode: ex.StatusCode, title: "Bad request");
        }
        catch (RecordTooLargeException ex)
        {
            return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large for the sandbox");
        }
        catch (Exception ex) when (AsStorageFailure(ex) is { } failure)
        {
            LogStorageFailure(logger, ex, request.Method, request.Path);
            if (failure.ErrorCode == TableErrorCode.TableNotFound)
            {
                tables.ForgetAll(); // the next request creates them again
            }

            return TypedResults.Problem(
                detail: failure.Status == 0
                    ? $"The sandbox cannot reach its table storage ({failure.Message}). Is Azurite running?"
                    : $"The sandbox's table storage failed ({failure.Status} {failure.ErrorCode}).",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Sandbox storage unavailable");
        }
        catch (Exception ex)
        {
            LogUnexpectedFailure(logger, ex, request.Method, request.Path);
            return TypedResults.Problem(
                detail: "The sandbox failed unexpectedly; the app's log has the details.",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Sandbox error");
        }
    }

    /// <summary>The storage failure behind <paramref name="exception"/>; the Azure SDK wraps its failed retries in an <see cref="AggregateException"/>.</summary>
    private static RequestFailedException? AsStorageFailure(Exception exception) => exception switch
    {
        RequestFailedException failed => failed,
        AggregateException aggregate => aggregate.InnerExceptions.OfType<RequestFailedException>().LastOrDefault(),
        _ => null,
    };

    [LoggerMessage(EventId = 1, EventName = "SandboxStorageFailed", Level = LogLevel.Error, Message = "Sandbox storage failed on {Method} {Path}")]
    private static partial void LogStorageFailure(ILogger logger, Exception exception, string method, PathString path);

    [LoggerMessage(EventId = 2, EventName = "SandboxFailed", Level = LogLevel.Error, Message = "Sandbox failed on {Method} {Path}")]
    private static partial void LogUnexpectedFailure(ILogger logger, Exception exception, string method, PathString path);
}
