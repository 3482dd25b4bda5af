using DurableEngine;
using FunctionApp.Connectors;

namespace FunctionApp.Orders.Activities;

/// <summary>Sends one email through SES; returns the SES message id.</summary>
internal sealed class SendEmail(SesClient ses) : TaskActivity<EmailMessage, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, EmailMessage email, CancellationToken cancellationToken) =>
        ses.SendAsync(email.To, email.Subject, email.Body, context.IdempotencyKey, cancellationToken);
}
