using Microsoft.Extensions.Logging;

namespace FunctionApp.Security;

/// <summary>Keeps function keys out of the logs.</summary>
internal static class KeySafeLogging
{
    /// <summary>
    /// Caps ASP.NET Core's request lines (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>) at Warning, whatever the
    /// configured levels: they print the query string, and a caller may send its key there (<c>?code=</c>).
    /// </summary>
    /// <remarks>
    /// The rule is added after the configured ones, so it wins over any rule for the same or a shorter category. Request
    /// logging is the Functions host's job on Azure anyway; locally, the app's own log lines name each instance.
    /// </remarks>
    public static IServiceCollection AddKeySafeLogging(this IServiceCollection services) =>
        services.PostConfigure<LoggerFilterOptions>(options =>
            options.Rules.Add(new LoggerFilterRule(null, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning, null)));
}
