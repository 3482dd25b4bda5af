using System.Net;
using System.Text;
using FunctionApp.Tests.Infrastructure;
using FunctionApp.Tests.Orders;

namespace FunctionApp.Tests.Callbacks;

/// <summary>An app configured as outside Development: callbacks only over https, to public addresses on allowed hosts.</summary>
public sealed class PublicCallbacksAppFixture : IAsyncLifetime
{
    private AppFactory? _app;

    public AppFactory App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _app = await AppFactory.StartAsync(new Dictionary<string, string?>
    {
        ["Callbacks:AllowPrivateNetworks"] = "false",
        ["Callbacks:AllowedHosts:0"] = "*.partner.example",
        ["Callbacks:AllowedHosts:1"] = "hooks.acme.example",
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class CallbackUrlPolicyTests(PublicCallbacksAppFixture fixture) : IClassFixture<PublicCallbacksAppFixture>
{
    private readonly OrderDriver _orders = new(fixture.App);

    [Theory]
    [InlineData("http://hooks.acme.example/orders")]
    [InlineData("https://evil.example/orders")]
    [InlineData("https://partner.example.evil.example/orders")]
    [InlineData("https://notpartner.example/orders")]
    [InlineData("https://127.0.0.1/orders")]
    [InlineData("https://localhost/orders")]
    [InlineData("https://10.1.2.3/orders")]
    [InlineData("https://192.168.0.10/orders")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/orders")]
    [InlineData("https://[::ffff:127.0.0.1]/orders")]
    [InlineData("https://2130706433/orders")]
    [InlineData("https://user:secret@hooks.acme.example/orders")]
    public async Task Callback_url_outside_the_policy_is_refused_with_a_400_and_nothing_starts(string callbackUrl)
    {
        var sku = OrderDriver.NewSku();
        var body = $$"""{"customer":{"email":"ann@example.com","name":"Ann"},"lines":[{"sku":"{{sku}}","quantity":1,"unitPrice":1}],"callbackUrl":"{{callbackUrl}}"}""";

        var response = await _orders.Api.PostAsync("/api/orders", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{callbackUrl}: {(int)response.StatusCode} {text}");
        InvalidOrderTests.AssertProblem(response, text, 400);
        Assert.Contains("callbackUrl", text, StringComparison.Ordinal);
        Assert.Equal("[]", await (await _orders.Admin.GetAsync(OrderDriver.ManagementPrefix)).Content.ReadAsStringAsync());
    }
}
