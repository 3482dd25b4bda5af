using System.Net;
using System.Text.Json;

namespace FunctionApp.Tests.SyncIntegrations;

/// <summary>Checks that an answer is a problem-details document with a given status that names a system.</summary>
internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] mentions)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonElement.Parse(text);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return problem;
    }
}
