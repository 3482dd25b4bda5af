using System.ComponentModel.DataAnnotations;

namespace FunctionApp.Credit;

/// <summary><c>POST /api/credit-checks</c>: <c>Credit:*</c>.</summary>
internal sealed class CreditOptions
{
    public const string SectionName = "Credit";

    /// <summary>How long the bureau has to decide.</summary>
    [Range(50, 60_000)]
    public int BudgetMs { get; set; } = 2000;
}
