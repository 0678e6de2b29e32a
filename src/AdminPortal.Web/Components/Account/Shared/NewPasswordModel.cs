using System.ComponentModel.DataAnnotations;

namespace AdminPortal.Web.Components.Account.Shared;

/// <summary>A new password typed twice; Identity's own rules are checked by the service.</summary>
public class NewPasswordModel
{
    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(200, ErrorMessage = "At most 200 characters.")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>Changing one's own password: the current one too.</summary>
public sealed class ChangePasswordModel : NewPasswordModel
{
    [Required(ErrorMessage = "Enter your current password.")]
    public string CurrentPassword { get; set; } = "";
}
