using Microsoft.AspNetCore.Http;

namespace Sandbox.Storage;

/// <summary>An operation's answer, kept with its request so that a duplicate gets the very same answer.</summary>
internal sealed record StoredResponse(int StatusCode, string JsonBody)
{
    public IResult ToResult() => TypedResults.Text(JsonBody, "application/json; charset=utf-8", statusCode: StatusCode);
}
