using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace LocalHost.Triggers;

/// <summary>
/// Keeps a received message hidden while its function runs, as the Functions host does: the message's invisibility is
/// renewed for another lease when half the lease has passed, and the newest pop receipt is kept to settle the message with.
/// </summary>
/// <remarks>
/// The lease is short (<see cref="LocalTriggerOptions.MessageLease"/>) so that a message whose receive answer never arrived
/// (the answer was lost, or came after the client gave up and retried) is delivered again within one lease. Renewal is
/// what makes a short lease safe for a function that runs longer than it. A renewal already sent is never cancelled:
/// storage may have applied it, and settling the message needs the pop receipt it answers with.
/// </remarks>
internal sealed partial class QueueMessageLease
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _finished = new();
    private readonly Task _renewing;
    private string _popReceipt;

    private QueueMessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger, CancellationToken stoppingToken)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _lease = lease;
        _time = time;
        _logger = logger;
        _renewing = RenewAsync(stoppingToken);
    }

    /// <summary>Starts renewing the lease of a message just received with a visibility timeout of <paramref name="lease"/>.</summary>
    public static QueueMessageLease Start(QueueClient queue, QueueMessage message, TimeSpan lease, TimeProvider time, ILogger logger, CancellationToken stoppingToken) =>
        new(queue, message, lease, time, logger, stoppingToken);

    /// <summary>Stops renewing (after a renewal in flight has answered) and returns the pop receipt to settle the message with.</summary>
    public async Task<string> StopAsync()
    {
        await _finished.CancelAsync();
        await _renewing;
        _finished.Dispose();
        return _popReceipt;
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
    {
        var period = _lease / 2;
        while (true)
        {
            try
            {
                await Task.Delay(period, _time, _finished.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var receipt = await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: _lease, cancellationToken: stoppingToken);
                _popReceipt = receipt.Value.PopReceipt;
            }
            catch (RequestFailedException e) when (e.Status is 400 or 404)
            {
                // The lease ran out before this renewal and someone received the message again: it is theirs to settle.
                LogLeaseLost(_logger, _queue.Name, _messageId);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage is unavailable: try again at the next period, while the current lease may still hold.
                LogRenewFailed(_logger, e, _queue.Name, _messageId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease on message {MessageId} of {Queue} ran out while its function ran; it may be delivered again.")]
    private static partial void LogLeaseLost(ILogger logger, string queue, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease on message {MessageId} of {Queue}; trying again.")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string queue, string messageId);
}
