using System.ComponentModel.DataAnnotations;

namespace FunctionApp.Customers;

/// <summary><c>GET /api/customers/{email}</c>: <c>Customers:*</c>.</summary>
internal sealed class CustomerOptions
{
    public const string SectionName = "Customers";

    /// <summary>The one time budget the three CRMs share; a CRM that has not answered by then is left out.</summary>
    [Range(50, 60_000)]
    public int BudgetMs { get; set; } = 2000;

    /// <summary>How long a complete answer is cached; 0 turns the cache off. Partial answers are never cached.</summary>
    [Range(0, 86_400)]
    public int CacheSeconds { get; set; } = 60;
}
