using Microsoft.Azure.Functions.Worker;

namespace FunctionApp.Console;

/// <summary>
/// <c>GET /api/console</c>: the operator console, a page and its script and styles embedded in this assembly (nothing
/// from a CDN). The page is public; everything it shows comes from the management API, with the admin key the operator
/// types in, kept in the tab's session storage and sent as a header.
/// </summary>
internal sealed class ConsoleFunction
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    [Function("Console")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{*asset}")] HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var asset = path[(path.IndexOf("/console", StringComparison.OrdinalIgnoreCase) + "/console".Length)..].TrimStart('/');
        if (asset.Length == 0 && !path.EndsWith('/'))
        {
            // Relative asset URLs need the trailing slash.
            return TypedResults.Redirect(request.PathBase + request.Path + "/");
        }

        var name = asset.Length == 0 ? "index.html" : asset;
        if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType) || name.Contains('/', StringComparison.Ordinal)
            || typeof(ConsoleFunction).Assembly.GetManifestResourceStream($"FunctionApp.Console.{name}") is not { } stream)
        {
            return TypedResults.NotFound();
        }

        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        request.HttpContext.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        return TypedResults.Stream(stream, contentType);
    }
}
