using ECommerce.Users.Accounts;
using ECommerce.ServiceDefaults.Http;
using FluentValidation;

namespace ECommerce.Users.Auth;

internal sealed class LoginRequestValidator : AbstractValidator<LoginRequest>
{
    public LoginRequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(254).PlainText();
        RuleFor(r => r.Password).NotEmpty().MaximumLength(RegisterUserRequestValidator.MaximumPasswordLength);
    }
}
