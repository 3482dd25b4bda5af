using System.Text.Json;

namespace Sandbox.Ses;

// The subset of the Amazon SES API v2 SendEmail request the sandbox looks at; the rest is recorded as sent.

/// <summary>The body of <c>POST /v2/email/outbound-emails</c>.</summary>
internal sealed record SendEmailRequest(
    string? FromEmailAddress,
    Destination? Destination,
    JsonElement? Content,
    IReadOnlyList<MessageTag>? EmailTags)
{
    /// <summary>The name of the tag whose value the sandbox deduplicates on (real SES only carries tags along).</summary>
    public const string IdempotencyTagName = "idempotency-key";

    public string? IdempotencyKey =>
        EmailTags?.FirstOrDefault(tag => tag?.Name == IdempotencyTagName)?.Value is { Length: > 0 } key ? key : null;
}

/// <summary>The recipients of an email.</summary>
internal sealed record Destination(
    IReadOnlyList<string>? ToAddresses,
    IReadOnlyList<string>? CcAddresses,
    IReadOnlyList<string>? BccAddresses);

/// <summary>A name/value tag on an email.</summary>
internal sealed record MessageTag(string? Name, string? Value);

/// <summary>The response of SendEmail.</summary>
internal sealed record SendEmailResponse(string MessageId);
