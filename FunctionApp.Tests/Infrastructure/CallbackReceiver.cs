using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionApp.Tests.Infrastructure;

/// <summary>A webhook receiver on 127.0.0.1 that records every callback, and can be told to fail the next ones.</summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failNext;

    private CallbackReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedCallback> Received { get; } = new();

    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks/orders");

    public void FailNext(int count) => _failNext = count;

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.MapPost("/hooks/orders", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref receiver._attempts);
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            if (Interlocked.Decrement(ref receiver._failNext) >= 0)
            {
                return Results.StatusCode(500);
            }

            receiver.Received.Enqueue(new ReceivedCallback(
                buffer.ToArray(),
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedCallback(byte[] Body, IReadOnlyDictionary<string, string> Headers);
