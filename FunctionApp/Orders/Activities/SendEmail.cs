using FunctionApp.Connectors;
using FunctionApp.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace FunctionApp.Orders.Activities;

/// <summary>Sends one email through SES; returns the SES message id.</summary>
internal sealed class SendEmail(SesClient ses, IOptions<OrderOptions> options)
{
    [Function(nameof(SendEmail))]
    public Task<string> RunAsync([ActivityTrigger] EmailMessage email, CancellationToken cancellationToken) =>
        StepRetry.RunAsync(options.Value.StepRetry, token => ses.SendAsync(email.To, email.Subject, email.Body, email.IdempotencyKey, token), cancellationToken);
}
