namespace FunctionApp.Tests.Infrastructure;

/// <summary>The settings every test app starts with: its own task hub and Sandbox tables, test keys, short retries.</summary>
public static class TestSettings
{
    public const string FunctionKey = "test-function-key-0123456789";
    public const string AdminKey = "test-admin-key-0123456789abcdef";
    public const string SigningKey = "test-callback-signing-key-0123456789abcdef";
    public const string QuickBooksClientSecret = "test-qbo-client-secret-0123456789";
    public const string QuickBooksRefreshToken = "test-qbo-refresh-token-0123456789";
    public const string SesSecretAccessKey = "test-ses-secret-access-key-0123456789";
    public const string AcmeApiKey = "test-acme-key-0123456789";
    public const string AcmeWebhookSecret = "test-acme-webhook-secret-0123456789";
    public const string ErpApiKey = "test-erp-key-0123456789";
    public const string WarehouseWebhookSecret = "test-warehouse-webhook-secret-0123456789";

    /// <summary>The app setting that overrides host.json's task hub name, as on Azure.</summary>
    public const string HubNameSetting = "AzureFunctionsJobHost:extensions:durableTask:hubName";

    /// <summary>A fresh set of settings (configuration keys, <c>:</c> separated) with unique hub and table names.</summary>
    public static Dictionary<string, string?> Create(string connectionString, out string hubName)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        hubName = "t" + id;
        return new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            [HubNameSetting] = hubName,
            ["LocalHost:MaxQueuePollingInterval"] = "00:00:00.200",
            ["Sandbox:Enabled"] = "true",
            ["Sandbox:TablePrefix"] = "sb" + id,
            ["LocalHost:HostId"] = hubName,
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["InventoryChanges:QueueName"] = "inv-" + id,
            ["OrderBatches:IncomingContainer"] = "in-" + id,
            ["OrderBatches:Schedule"] = "0 0 2 * * *",
            ["OrderBatches:ReportsContainer"] = "reports-" + id,
            ["OrderBatches:WorkContainer"] = "work-" + id,
            ["LocalHost:FunctionKey"] = FunctionKey,
            ["LocalHost:AdminKey"] = AdminKey,
            ["Callbacks:SigningKey"] = SigningKey,
            ["Callbacks:AllowPrivateNetworks"] = "true",
            ["Orders:StepFirstRetryInterval"] = "00:00:00.200",
            ["Orders:StepMaxRetryInterval"] = "00:00:01",
            ["Integrations:QuickBooks:RealmId"] = "123456",
            ["Integrations:QuickBooks:ClientId"] = "test-qbo-client",
            ["Integrations:QuickBooks:ClientSecret"] = QuickBooksClientSecret,
            ["Integrations:QuickBooks:RefreshToken"] = QuickBooksRefreshToken,
            ["Sandbox:QuickBooks:ClientId"] = "test-qbo-client",
            ["Sandbox:QuickBooks:ClientSecret"] = QuickBooksClientSecret,
            ["Sandbox:QuickBooks:RefreshToken"] = QuickBooksRefreshToken,
            ["Integrations:Ses:Region"] = "eu-west-1",
            ["Integrations:Ses:AccessKeyId"] = "AKIATEST",
            ["Integrations:Ses:SecretAccessKey"] = SesSecretAccessKey,
            ["Sandbox:Ses:SecretAccessKey"] = SesSecretAccessKey,
            ["Integrations:Acme:ApiKey"] = AcmeApiKey,
            ["Integrations:Acme:WebhookSecret"] = AcmeWebhookSecret,
            ["Sandbox:Acme:WebhookSecret"] = AcmeWebhookSecret,
            ["Integrations:Erp:ApiKey"] = ErpApiKey,
            ["Sandbox:Erp:ApiKey"] = ErpApiKey,
            ["InventoryChanges:WebhookSecret"] = WarehouseWebhookSecret,
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    /// <summary>Applies <paramref name="overrides"/> over <paramref name="settings"/>.</summary>
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, IDictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
