using System.ComponentModel.DataAnnotations;

namespace FunctionApp.Callbacks;

/// <summary>Settings of completion callbacks, bound from <c>Callbacks</c>.</summary>
internal sealed class CallbackOptions
{
    public const string SectionName = "Callbacks";

    /// <summary>The HMAC-SHA256 key callbacks are signed with; share it with the receivers. A secret: never logged.</summary>
    [Required(ErrorMessage = "Callbacks:SigningKey is required (env Callbacks__SigningKey).")]
    [MinLength(32, ErrorMessage = "Callbacks:SigningKey must be at least 32 characters.")]
    public string SigningKey { get; set; } = "";

    /// <summary>
    /// Hosts a callback URL may point at (<c>example.com</c> or <c>*.example.com</c>). Empty: any public host.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>
    /// Whether callback URLs may point at loopback or private addresses (and use plain http). Off unless set; the
    /// Development settings turn it on for local receivers.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one callback attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
