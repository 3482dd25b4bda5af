using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionApp.Tests.Reliability;

/// <summary>
/// A pass-through HTTP proxy in front of one Azurite service (127.0.0.1, a free port) that can refuse the next requests a
/// rule picks (403, which the SDK does not retry), without forwarding them: storage failing one particular write at one
/// particular moment, while the rest works. It can also forward a request and then drop the connection instead of
/// answering: storage did the work and the client never hears of it. Shared Key signatures do not cover the host, so
/// forwarded requests stay valid.
/// </summary>
internal sealed class StorageFaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _forward;
    private readonly Lock _gate = new();
    private Func<StorageRequest, bool>? _rule;
    private int _toFail;
    private int _failed;
    private Func<StorageRequest, string, bool>? _lossRule;
    private int _toLose;
    private int _lost;

    private StorageFaultProxy(WebApplication app, HttpClient forward)
    {
        _app = app;
        _forward = forward;
    }

    /// <summary>The proxied service endpoint, e.g. <c>http://127.0.0.1:12345/devstoreaccount1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>How many requests the rule failed.</summary>
    public int Failed
    {
        get
        {
            lock (_gate)
            {
                return _failed;
            }
        }
    }

    /// <summary>How many answers were dropped after storage had acted on the request.</summary>
    public int Lost
    {
        get
        {
            lock (_gate)
            {
                return _lost;
            }
        }
    }

    /// <summary>
    /// Forwards every request, but drops the connection instead of answering for the next <paramref name="count"/> whose
    /// request and answer body (as text) <paramref name="rule"/> matches.
    /// </summary>
    public void LoseAnswerOfNext(int count, Func<StorageRequest, string, bool> rule)
    {
        lock (_gate)
        {
            _lossRule = rule;
            _toLose = count;
        }
    }

    /// <summary>Refuses the next <paramref name="count"/> requests that <paramref name="rule"/> matches.</summary>
    public void FailNext(int count, Func<StorageRequest, bool> rule)
    {
        lock (_gate)
        {
            _rule = rule;
            _toFail = count;
        }
    }

    private bool TakeFault(StorageRequest request)
    {
        lock (_gate)
        {
            if (_toFail <= 0 || _rule is null || !_rule(request))
            {
                return false;
            }

            _toFail--;
            _failed++;
            return true;
        }
    }

    private bool TakeLoss(StorageRequest request, string answer)
    {
        lock (_gate)
        {
            if (_toLose <= 0 || _lossRule is null || !_lossRule(request, answer))
            {
                return false;
            }

            _toLose--;
            _lost++;
            return true;
        }
    }

    private bool LossArmed
    {
        get
        {
            lock (_gate)
            {
                return _toLose > 0;
            }
        }
    }

    public static async Task<StorageFaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var forward = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };
        var proxy = new StorageFaultProxy(app, forward);
        var origin = new Uri(target.GetLeftPart(UriPartial.Authority));
        app.Run(context => proxy.HandleAsync(context, origin));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        proxy.Endpoint = new Uri(address, target.AbsolutePath);
        return proxy;
    }

    private async Task HandleAsync(HttpContext context, Uri origin)
    {
        var request = context.Request;
        byte[]? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            body = buffer.ToArray();
        }

        var seen = new StorageRequest(request.Method, Uri.UnescapeDataString(request.Path.Value ?? ""), body is null ? "" : System.Text.Encoding.UTF8.GetString(body));
        if (TakeFault(seen))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/json";
            context.Response.Headers["x-ms-error-code"] = "AuthorizationFailure";
            await context.Response.WriteAsync("""{"odata.error":{"code":"AuthorizationFailure","message":{"lang":"en-US","value":"Injected by the test's storage proxy."}}}""");
            return;
        }

        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(origin, request.Path.Value + request.QueryString.Value));
        if (body is not null)
        {
            outgoing.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                outgoing.Content ??= new ByteArrayContent([]);
                outgoing.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _forward.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (LossArmed)
        {
            var answer = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            if (TakeLoss(seen, System.Text.Encoding.UTF8.GetString(answer)))
            {
                context.Abort();
                return;
            }

            await context.Response.Body.WriteAsync(answer, context.RequestAborted);
            return;
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forward.Dispose();
    }
}

/// <summary>What a fault rule sees of a storage request: its method, its (unescaped) path and its body as text.</summary>
internal sealed record StorageRequest(string Method, string Path, string Body);
