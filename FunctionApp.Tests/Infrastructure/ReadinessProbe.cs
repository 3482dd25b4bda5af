using System.Net;

namespace FunctionApp.Tests.Infrastructure;

/// <summary>One look at whether a process started by a test serves requests yet.</summary>
internal static class ReadinessProbe
{
    /// <summary>True when <paramref name="path"/> answers 200; false while it refuses, times out or answers anything else.</summary>
    public static async Task<bool> AnswersOkAsync(HttpClient probe, string path)
    {
        try
        {
            using var response = await probe.GetAsync(path);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
