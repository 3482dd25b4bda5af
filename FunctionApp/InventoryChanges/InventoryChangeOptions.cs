using System.ComponentModel.DataAnnotations;
using FunctionApp.Connectors;

namespace FunctionApp.InventoryChanges;

/// <summary>The inventory-change sync: <c>InventoryChanges:*</c>.</summary>
internal sealed class InventoryChangeOptions
{
    public const string SectionName = "InventoryChanges";

    /// <summary>
    /// The queue the webhook fills and the consumer drains; its poison queue is this plus <c>-poison</c>. A storage queue
    /// name (lower-case letters, digits and single hyphens), short enough for the suffix.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,54}[a-z0-9]$", ErrorMessage = "InventoryChanges:QueueName must be 3-56 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.")]
    public string QueueName { get; set; } = "inventory-changes";

    /// <summary>The HMAC key the warehouse signs its webhook bodies with (<c>X-Warehouse-Signature</c>). A secret: never logged.</summary>
    [Required(ErrorMessage = "InventoryChanges:WebhookSecret is required (env InventoryChanges__WebhookSecret).")]
    [MinLength(32, ErrorMessage = "InventoryChanges:WebhookSecret must be at least 32 characters.")]
    public string WebhookSecret { get; set; } = "";

    /// <summary>The most changes sent to the ERP in one call (it takes up to 500); a batch is also bounded by what arrives concurrently.</summary>
    [Range(1, ErpClient.MaxBatchSize)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>How long the oldest change of a batch waits for more before the batch is sent anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "InventoryChanges:MaxBatchAge must be 0 to 1 minute.")]
    public TimeSpan MaxBatchAge { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Deliveries of a message before a change the ERP keeps failing goes to the poison queue with its reason. Below
    /// host.json's <c>maxDequeueCount</c> (10), so the app, not the host, poisons it and the reason is kept.
    /// </summary>
    [Range(1, 9)]
    public int MaxAttempts { get; set; } = 5;
}
