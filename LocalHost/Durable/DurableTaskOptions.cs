namespace LocalHost.Durable;

/// <summary>
/// The Durable extension's settings in host.json (<c>extensions.durableTask</c>), read as the extension reads them, so
/// the task hub is laid out and tuned the same in both hosts. App settings override them as on Azure
/// (<c>AzureFunctionsJobHost__extensions__durableTask__hubName</c>).
/// </summary>
internal sealed class DurableTaskOptions
{
    public const string SectionName = "AzureFunctionsJobHost:extensions:durableTask";

    /// <summary>The task hub: the prefix of its tables, queues and blob containers.</summary>
    public string HubName { get; set; } = "TestHubName";

    /// <summary>Keeps an orchestration's history in memory between its episodes, instead of reading it again each time.</summary>
    public bool ExtendedSessionsEnabled { get; set; }

    public int ExtendedSessionIdleTimeoutInSeconds { get; set; } = 30;

    /// <summary>Activities run at once by this process.</summary>
    public int MaxConcurrentActivityFunctions { get; set; } = 10 * Environment.ProcessorCount;

    /// <summary>Orchestration episodes run at once by this process.</summary>
    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10 * Environment.ProcessorCount;

    public AzureStorageProviderOptions StorageProvider { get; set; } = new();
}

/// <summary>host.json's <c>extensions.durableTask.storageProvider</c> for the Azure Storage provider.</summary>
internal sealed class AzureStorageProviderOptions
{
    /// <summary>The provider; this host has the Azure Storage one only.</summary>
    public string Type { get; set; } = "AzureStorage";

    /// <summary>Control queues (1-16): how many processes can share the orchestrations.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>The longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(30);

    public int ControlQueueBatchSize { get; set; } = 32;

    public int ControlQueueBufferThreshold { get; set; } = 128;

    /// <summary>How long a control-queue message stays hidden while its orchestration runs.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an activity's message stays hidden while it runs (renewed as it goes on).</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Partition leases in a table (the provider's current default) instead of blobs.</summary>
    public bool UseTablePartitionManagement { get; set; } = true;

    /// <summary>How long a partition lease lasts unless renewed: how soon another process takes over a dead one's partitions.</summary>
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan LeaseAcquireInterval { get; set; } = TimeSpan.FromSeconds(10);
}
