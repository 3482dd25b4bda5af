namespace FunctionApp.Customers;

/// <summary>
/// Carries an answer out of the cache's factory without the cache keeping it: a partial answer (or none at all) must
/// not be served to the next caller once the missing CRM is back.
/// </summary>
internal sealed class UncacheableCustomerException(CustomerRecord record)
    : Exception("The customer answer is partial and is not cached.")
{
    public CustomerRecord Record { get; } = record;
}
