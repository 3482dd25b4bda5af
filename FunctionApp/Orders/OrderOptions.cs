using System.ComponentModel.DataAnnotations;
using FunctionApp.Durable;

namespace FunctionApp.Orders;

/// <summary>Settings of the order integration, bound from <c>Orders</c>.</summary>
internal sealed class OrderOptions
{
    public const string SectionName = "Orders";

    /// <summary>How a step tries its third-party call before the order fails (and can be rewound).</summary>
    public StepRetryPolicy StepRetry => new(StepAttempts, StepFirstRetryInterval, StepMaxRetryInterval);

    /// <summary>Attempts per third-party step (the first included) before the order fails and can be rewound.</summary>
    [Range(1, 20)]
    public int StepAttempts { get; set; } = 3;

    /// <summary>The wait before the first retry of a step; doubled each time up to <see cref="StepMaxRetryInterval"/>.</summary>
    public TimeSpan StepFirstRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan StepMaxRetryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where back-order notices go.</summary>
    [Required, EmailAddress]
    public string WarehouseEmail { get; set; } = "warehouse@acme.test";

    /// <summary>The largest request body accepted, in bytes.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;
}
