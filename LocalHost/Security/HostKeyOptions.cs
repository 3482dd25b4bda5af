using System.ComponentModel.DataAnnotations;

namespace LocalHost.Security;

/// <summary>
/// The keys this host checks, as the Functions host checks its own: <c>LocalHost:FunctionKey</c> opens the functions of
/// authorization level <c>Function</c>; <c>LocalHost:AdminKey</c> (the master key) opens every function and Durable's
/// management API. On Azure they are the host's keys, kept in Key Vault.
/// </summary>
internal sealed class HostKeyOptions
{
    public const string SectionName = "LocalHost";

    [Required(ErrorMessage = "LocalHost:FunctionKey is required (env LocalHost__FunctionKey).")]
    [MinLength(16, ErrorMessage = "LocalHost:FunctionKey must be at least 16 characters.")]
    public string FunctionKey { get; set; } = "";

    [Required(ErrorMessage = "LocalHost:AdminKey is required (env LocalHost__AdminKey).")]
    [MinLength(16, ErrorMessage = "LocalHost:AdminKey must be at least 16 characters.")]
    public string AdminKey { get; set; } = "";
}
