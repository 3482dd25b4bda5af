using System.ComponentModel.DataAnnotations;

namespace FunctionApp.Security;

/// <summary>The keys callers present (<c>Auth:FunctionKey</c>, <c>Auth:AdminKey</c>); on Azure, Key Vault references.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Opens the function endpoints under <c>/api</c>.</summary>
    [Required(ErrorMessage = "Auth:FunctionKey is required (env Auth__FunctionKey).")]
    [MinLength(16, ErrorMessage = "Auth:FunctionKey must be at least 16 characters.")]
    public string FunctionKey { get; set; } = "";

    /// <summary>Opens the management API as well; must differ from the function key.</summary>
    [Required(ErrorMessage = "Auth:AdminKey is required (env Auth__AdminKey).")]
    [MinLength(16, ErrorMessage = "Auth:AdminKey must be at least 16 characters.")]
    public string AdminKey { get; set; } = "";
}
