namespace FunctionApp.Console;

/// <summary>The operator console's settings: <c>Console:*</c>.</summary>
internal sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>The placeholder of <see cref="TraceUrl"/> that becomes a run's trace id.</summary>
    public const string TraceIdPlaceholder = "{traceId}";

    /// <summary>
    /// Where a trace can be seen, with <c>{traceId}</c> for its id: Jaeger's <c>http://localhost:16686/trace/{traceId}</c>,
    /// the Aspire dashboard's <c>http://localhost:18888/traces/detail/{traceId}</c>, or an Application Insights search.
    /// Empty: the console shows the trace id without a link.
    /// </summary>
    public string? TraceUrl { get; set; }

    /// <summary>Whether <see cref="TraceUrl"/> is empty or an absolute http(s) URL with the placeholder.</summary>
    public bool HasValidTraceUrl() =>
        string.IsNullOrWhiteSpace(TraceUrl)
        || (TraceUrl.Contains(TraceIdPlaceholder, StringComparison.Ordinal)
            && Uri.TryCreate(TraceUrl.Replace(TraceIdPlaceholder, "0", StringComparison.Ordinal), UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps));
}
