using System.Net;
using System.Net.Sockets;
using FunctionApp.Callbacks;
using Microsoft.Extensions.Options;

namespace FunctionApp.Tests.Callbacks;

/// <summary>
/// The callback client's connect step checks the address it actually connects to, so a host name that passed the URL
/// checks but resolves (or re-resolves) to a private address is not reached.
/// </summary>
public sealed class CallbackConnectTests
{
    [Fact]
    public async Task Connect_step_refuses_a_loopback_address_outside_development_without_connecting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var policy = new CallbackUrlPolicy(Options.Create(new CallbackOptions { AllowPrivateNetworks = false }));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectCallback = policy.ConnectAsync });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(Url(listener), new StringContent("{}")));

        Assert.Contains("non-public", error.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "The client connected to a loopback address.");
    }

    [Fact]
    public async Task Connect_step_connects_to_loopback_when_private_networks_are_allowed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var policy = new CallbackUrlPolicy(Options.Create(new CallbackOptions { AllowPrivateNetworks = true }));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectCallback = policy.ConnectAsync });

        var sending = http.PostAsync(Url(listener), new StringContent("{}"));
        using (var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30)))
        {
            Assert.True(accepted.Connected);
        }

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => sending);
    }

    private static Uri Url(TcpListener listener) => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hooks");
}
