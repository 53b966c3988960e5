using System.Text.Json;
using ECommerce.Users.Data;
using ECommerce.ServiceDefaults.Http;
using FluentValidation;

namespace ECommerce.Users.Accounts;

internal sealed class RegisterUserRequestValidator : AbstractValidator<RegisterUserRequest>
{
    public const int MinimumPasswordLength = 12;

    // Hashing cost grows with length; nobody types more than this.
    public const int MaximumPasswordLength = 128;

    public RegisterUserRequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(254).EmailAddress().Trimmed();
        RuleFor(r => r.Name).ValidPersonName();
        RuleFor(r => r.Password).NotEmpty()
            .MinimumLength(MinimumPasswordLength)
            .MaximumLength(MaximumPasswordLength);
    }
}

internal sealed class UpdateProfileRequestValidator : AbstractValidator<UpdateProfileRequest>
{
    public UpdateProfileRequestValidator()
    {
        RuleFor(r => r.Name).NotNull().WithMessage("Nothing to update: send 'name'.").ValidPersonName();
    }
}

internal sealed class UpdateMetadataRequestValidator : AbstractValidator<UpdateMetadataRequest>
{
    public const int MaximumPreferencesBytes = 16 * 1024;

    public UpdateMetadataRequestValidator()
    {
        RuleFor(r => r).Must(r => r.Preferences is not null || r.AccountStatus is not null || r.VerificationStatus is not null)
            .WithName("body").WithMessage("Nothing to update: send preferences, account_status or verification_status.");
        RuleFor(r => r.Preferences)
            .Must(p => p is null || p.Value.ValueKind == JsonValueKind.Object).WithMessage("'preferences' must be a JSON object.")
            .Must(p => p is null || p.Value.GetRawText().Length <= MaximumPreferencesBytes)
            .WithMessage($"'preferences' must be at most {MaximumPreferencesBytes} bytes.");
        RuleFor(r => r.AccountStatus).Must(s => s is null || AccountStatuses.All.Contains(s))
            .WithMessage($"'account_status' must be one of: {string.Join(", ", AccountStatuses.All)}.");
        RuleFor(r => r.VerificationStatus).Must(s => s is null || VerificationStatuses.All.Contains(s))
            .WithMessage($"'verification_status' must be one of: {string.Join(", ", VerificationStatuses.All)}.");
    }
}

internal static class PersonNameRules
{
    public static IRuleBuilderOptions<T, string?> ValidPersonName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(100).Trimmed();
}
