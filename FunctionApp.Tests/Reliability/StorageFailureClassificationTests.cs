using Azure;
using FunctionApp.Http;

namespace FunctionApp.Tests.Reliability;

/// <summary>Which exceptions the app answers with 503 "storage unavailable" rather than a 500.</summary>
public sealed class StorageFailureClassificationTests
{
    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new RequestFailedException(500, "Azurite failed"), true },
        // The Azure SDK's answer when every attempt timed out: "Retry failed after 4 tries".
        { new AggregateException(new TaskCanceledException(), new TaskCanceledException()), true },
        { new AggregateException(new HttpRequestException("Connection refused"), new RequestFailedException(503, "busy")), true },
        { new AggregateException(new TaskCanceledException(), new InvalidOperationException("a bug")), false },
        { new AggregateException(), false },
        { new InvalidOperationException("a bug"), false },
        { new TaskCanceledException(), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Storage_failures_and_timeouts_are_told_from_bugs(Exception exception, bool isStorageFailure)
    {
        Assert.Equal(isStorageFailure, FunctionApp.Http.StorageFailures.IsStorageFailure(exception, CancellationToken.None));
    }

    [Fact]
    public void A_cancellation_is_not_a_storage_failure_when_the_caller_went_away()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();

        Assert.False(FunctionApp.Http.StorageFailures.IsStorageFailure(new AggregateException(new TaskCanceledException()), aborted.Token));
    }
}
