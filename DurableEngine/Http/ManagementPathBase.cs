using Microsoft.AspNetCore.Http;

namespace DurableEngine.Http;

/// <summary>
/// A request feature: the path a host app serves the management API under, before <see cref="StatusResponses.DefaultPrefix"/>,
/// when it cannot serve it where Durable Functions does. The Azure Functions host reserves routes starting with
/// <c>runtime</c> for itself, so an app running behind it maps the API at, say, <c>/api/runtime/webhooks/durabletask</c>
/// and sets this feature to <c>/api</c> on every request; <see cref="StatusResponses.BaseUrl"/> then builds the status
/// URLs on it, so clients that follow them reach the API.
/// </summary>
/// <param name="Value">The path, starting with <c>/</c>.</param>
public sealed record ManagementPathBase(PathString Value);
