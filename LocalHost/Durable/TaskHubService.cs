using DurableTask.AzureStorage;
using LocalHost.Configuration;
using Microsoft.Extensions.Options;

namespace LocalHost.Durable;

/// <summary>
/// The Durable Task Framework's Azure Storage provider for the app's task hub: the same tables, queues, blobs and
/// partition leases as the Durable extension uses on Azure, tuned from host.json (<see cref="DurableTaskOptions"/>).
/// </summary>
internal static class TaskHubService
{
    /// <summary>
    /// The longest idle poll locally. The provider wakes its own pollers when this process sends a message, so this only
    /// bounds how soon a message from another process (or a timer) is seen; on Azure host.json's value applies.
    /// </summary>
    public static readonly TimeSpan LocalMaxQueuePollingInterval = TimeSpan.FromMilliseconds(500);

    public static AzureStorageOrchestrationService Create(IConfiguration configuration, IOptions<DurableTaskOptions> options, ILoggerFactory loggerFactory)
    {
        var durable = options.Value;
        var storage = durable.StorageProvider;
        if (!storage.Type.Equals("AzureStorage", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"host.json names the Durable storage provider '{storage.Type}'; LocalHost runs the Azure Storage provider only.");
        }

        var polling = configuration.GetValue<TimeSpan?>("LocalHost:MaxQueuePollingInterval") ?? LocalMaxQueuePollingInterval;
        return new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = durable.HubName,
            StorageAccountClientProvider = StorageConnection.ClientProvider(configuration),
            // Several LocalHost processes on one machine share a hub like workers on Azure: each needs its own id.
            WorkerId = configuration["LocalHost:WorkerId"] ?? $"{Environment.MachineName}-{Environment.ProcessId}",
            AppName = configuration["WEBSITE_SITE_NAME"] ?? "LocalHost",
            PartitionCount = storage.PartitionCount,
            MaxQueuePollingInterval = polling < storage.MaxQueuePollingInterval ? polling : storage.MaxQueuePollingInterval,
            ControlQueueBatchSize = storage.ControlQueueBatchSize,
            ControlQueueBufferThreshold = storage.ControlQueueBufferThreshold,
            ControlQueueVisibilityTimeout = storage.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = storage.WorkItemQueueVisibilityTimeout,
            UseTablePartitionManagement = storage.UseTablePartitionManagement,
            LeaseInterval = storage.LeaseInterval,
            LeaseRenewInterval = storage.LeaseRenewInterval,
            LeaseAcquireInterval = storage.LeaseAcquireInterval,
            ExtendedSessionsEnabled = durable.ExtendedSessionsEnabled,
            ExtendedSessionIdleTimeout = TimeSpan.FromSeconds(durable.ExtendedSessionIdleTimeoutInSeconds),
            MaxConcurrentTaskActivityWorkItems = durable.MaxConcurrentActivityFunctions,
            MaxConcurrentTaskOrchestrationWorkItems = durable.MaxConcurrentOrchestratorFunctions,
            // Starting an instance whose id is taken answers "already exists" when the caller asked for that.
            ThrowExceptionOnInvalidDedupeStatus = true,
            LoggerFactory = loggerFactory,
        });
    }
}
