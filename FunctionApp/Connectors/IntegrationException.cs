namespace FunctionApp.Connectors;

/// <summary>A third-party system refused or failed a request. The message names the system and status, never credentials.</summary>
internal sealed class IntegrationException(string system, int? status, string message, Exception? inner = null)
    : Exception($"{system}: {message}", inner)
{
    public string System { get; } = system;

    public int? Status { get; } = status;
}
