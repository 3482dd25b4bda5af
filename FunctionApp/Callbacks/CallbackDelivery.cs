namespace FunctionApp.Callbacks;

/// <summary>One callback to post: the instance it reports on, where to post it, and its body.</summary>
/// <param name="InstanceId">The instance the callback reports on (header <c>X-Acme-Instance-Id</c>).</param>
/// <param name="Url">The caller's callback URL, checked against <see cref="CallbackUrlPolicy"/> again when sent.</param>
/// <param name="Body">The status body; null to read the instance's final status when sending.</param>
internal sealed record CallbackDelivery(string InstanceId, string Url, string? Body);
