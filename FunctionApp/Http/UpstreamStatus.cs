namespace FunctionApp.Http;

/// <summary>How a third-party call of a synchronous endpoint ended.</summary>
internal enum UpstreamStatus
{
    Ok,
    Failed,
    Timeout,
}
