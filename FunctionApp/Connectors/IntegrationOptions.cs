namespace FunctionApp.Connectors;

/// <summary>Where a third-party system is and how to authenticate to it: <c>Integrations:&lt;System&gt;:*</c>.</summary>
internal sealed class IntegrationOptions
{
    public const string SectionName = "Integrations";

    /// <summary>
    /// The system's base URL; empty means a Sandbox (Development only): the one at <c>Sandbox:BaseUrl</c>, else the one
    /// this app serves (see <see cref="IntegrationEndpoints"/>).
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// An API key (Acme), or a fixed QuickBooks access token used only when no <see cref="RefreshToken"/> is set.
    /// A secret: never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The HMAC key of the webhooks sent to the system (Acme's order-page refresh). A secret: never logged.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>OAuth 2.0 client id (QuickBooks).</summary>
    public string? ClientId { get; set; }

    /// <summary>OAuth 2.0 client secret (QuickBooks). A secret: never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>OAuth 2.0 refresh token (QuickBooks), exchanged for access tokens. A secret: never logged.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>OAuth 2.0 token endpoint (QuickBooks); by default Intuit's for the real service, the Sandbox's otherwise.</summary>
    public string? TokenUrl { get; set; }

    /// <summary>QuickBooks company id.</summary>
    public string? RealmId { get; set; }

    /// <summary>AWS region (SES).</summary>
    public string? Region { get; set; }

    /// <summary>AWS access key id (SES).</summary>
    public string? AccessKeyId { get; set; }

    /// <summary>AWS secret access key (SES). A secret: never logged.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary>The sender address (SES).</summary>
    public string? FromAddress { get; set; }

    /// <summary>How long one call may take, retries included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may take; by default the <see cref="Timeout"/> shared by the attempts.</summary>
    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>Retries of a transient fault (connection failure, attempt timeout, 408, 429, 5xx) within one call.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The share of failed calls (transient faults) over the breaker's sampling window that opens the circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.1;

    /// <summary>How many calls the breaker's sampling window needs before it may open the circuit (2 or more).</summary>
    public int BreakerMinimumThroughput { get; set; } = 100;

    /// <summary>How long an open circuit fails calls at once, before it lets a trial call through.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
