using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunctionApp.Connectors;
using FunctionApp.Tests.Orders;
using FunctionApp.Tests.Infrastructure;

namespace FunctionApp.Tests.Connectors;

/// <summary>SES requests are signed with Signature Version 4 (AWSSDK.Core's signer) and the Sandbox verifies them.</summary>
public sealed class SesSignatureTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly IntegrationOptions Settings = new()
    {
        Region = "eu-west-1",
        AccessKeyId = "AKIATEST",
        SecretAccessKey = TestSettings.SesSecretAccessKey,
    };

    [Fact]
    public async Task A_request_signed_with_the_right_secret_is_accepted()
    {
        using var request = NewRequest(out var key);
        await new SesRequestSigner(TimeProvider.System).SignAsync(request, Settings, CancellationToken.None);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIATEST/", authorization);
        Assert.Contains("/eu-west-1/ses/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=", authorization);
        Assert.Single(await fixture.App.Sandbox.RequestsAsync("ses", key));
    }

    [Fact]
    public async Task A_request_signed_with_another_secret_is_refused_with_403()
    {
        using var request = NewRequest(out var key);
        var wrong = new IntegrationOptions { Region = Settings.Region, AccessKeyId = Settings.AccessKeyId, SecretAccessKey = "not-the-secret" };
        await new SesRequestSigner(TimeProvider.System).SignAsync(request, wrong, CancellationToken.None);

        using var response = await Http.SendAsync(request);

        await AssertSignatureMismatchAsync(response);
        Assert.Empty(await fixture.App.Sandbox.RequestsAsync("ses", key));
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused_with_403()
    {
        using var request = NewRequest(out var key);
        await new SesRequestSigner(TimeProvider.System).SignAsync(request, Settings, CancellationToken.None);
        request.Content = JsonContent.Create(Body(key, to: "mallory@example.com"));

        using var response = await Http.SendAsync(request);

        await AssertSignatureMismatchAsync(response);
    }

    [Fact]
    public async Task An_unsigned_request_is_refused_with_403()
    {
        using var request = NewRequest(out _);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("MissingAuthenticationTokenException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task A_signature_older_than_five_minutes_is_refused_with_403()
    {
        using var request = NewRequest(out _);
        var past = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-6));
        await new SesRequestSigner(past).SignAsync(request, Settings, CancellationToken.None);

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    private HttpClient Http => fixture.App.CreateApiClient(null);

    private HttpRequestMessage NewRequest(out string key)
    {
        key = "sig." + Guid.NewGuid().ToString("N");
        return new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.App.BaseAddress, "sandbox/ses/v2/email/outbound-emails"))
        {
            Content = JsonContent.Create(Body(key), options: ConnectorJson.AsDeclared),
        };
    }

    private static object Body(string key, string to = "ann@example.com") => new
    {
        FromEmailAddress = "orders@acme.test",
        Destination = new { ToAddresses = new[] { to } },
        Content = new { Simple = new { Subject = new { Data = "Hi" }, Body = new { Text = new { Data = "Hello" } } } },
        EmailTags = new[] { new { Name = "idempotency-key", Value = key } },
    };

    private static async Task AssertSignatureMismatchAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("SignatureDoesNotMatchException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("The request signature we calculated does not match", body.GetProperty("message").GetString());
    }
}
