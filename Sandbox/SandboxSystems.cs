namespace Sandbox;

/// <summary>The names of the simulated systems, as they appear in routes and in the request log.</summary>
internal static class SandboxSystems
{
    public const string Inventory = "inventory";
    public const string QuickBooks = "quickbooks";
    public const string Ses = "ses";
    public const string Acme = "acme";
    public const string CrmA = "crm-a";
    public const string CrmB = "crm-b";
    public const string CrmC = "crm-c";
    public const string CreditBureau = "credit-bureau";
    public const string Erp = "erp";

    public static IReadOnlyList<string> All { get; } = [Inventory, QuickBooks, Ses, Acme, CrmA, CrmB, CrmC, CreditBureau, Erp];

    public static bool IsKnown(string system) => All.Contains(system, StringComparer.Ordinal);
}
