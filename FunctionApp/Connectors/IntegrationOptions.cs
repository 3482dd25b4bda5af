namespace FunctionApp.Connectors;

/// <summary>Where a third-party system is and how to authenticate to it: <c>Integrations:&lt;System&gt;:*</c>.</summary>
internal sealed class IntegrationOptions
{
    public const string SectionName = "Integrations";

    /// <summary>The system's base URL; empty means the Sandbox served by this app (Development only).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>A bearer token or API key (QuickBooks access token, Acme API key). A secret: never logged.</summary>
    public string? ApiKey { get; set; }

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

    /// <summary>How long one call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
