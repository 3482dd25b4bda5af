namespace Sandbox.Http;

/// <summary>A JSON request body: the value it binds to, or why it does not, and the text as received.</summary>
internal sealed record ParsedBody<T>(T? Value, string Text, string? Error)
    where T : class;
