using System.ComponentModel.DataAnnotations;

namespace FunctionApp.Inventory;

/// <summary><c>GET /api/inventory/{sku}</c>: <c>Inventory:*</c>.</summary>
internal sealed class InventoryOptions
{
    public const string SectionName = "Inventory";

    /// <summary>How long a count is served from the cache; 0 turns the cache off.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 5;

    /// <summary>How long the inventory system has to answer.</summary>
    [Range(50, 60_000)]
    public int BudgetMs { get; set; } = 2000;
}
