namespace DurableEngine.Http;

/// <summary>
/// Endpoint metadata on the management API saying what an endpoint needs: reading one instance's status, which a caller
/// given a status URL may do, or managing instances, which needs the admin key. The host app enforces it.
/// </summary>
public sealed class ManagementAccess
{
    private ManagementAccess(bool readsStatusOnly) => ReadsStatusOnly = readsStatusOnly;

    /// <summary>Reads the status of one instance (the <c>statusQueryGetUri</c>).</summary>
    public static ManagementAccess ReadStatus { get; } = new(true);

    /// <summary>Changes instances or lists them.</summary>
    public static ManagementAccess Manage { get; } = new(false);

    /// <summary>True for <see cref="ReadStatus"/>.</summary>
    public bool ReadsStatusOnly { get; }
}
