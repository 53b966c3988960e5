using FluentValidation;

namespace ECommerce.Payments.Payments;

internal sealed class CreatePaymentRequestValidator : AbstractValidator<CreatePaymentRequest>
{
    public CreatePaymentRequestValidator()
    {
        RuleFor(r => r.OrderId).NotEmpty();
        RuleFor(r => r.Amount).GreaterThan(0).LessThanOrEqualTo(9_999_999_999.99m)
            .Must(amount => decimal.Round(amount, 2) == amount).WithMessage("'{PropertyName}' must have at most 2 decimal places.");
        RuleFor(r => r.Method).NotNull();
        RuleFor(r => r.Method.Type).Equal("card").When(r => r.Method is not null).WithMessage("Only 'card' payments are accepted.");
        RuleFor(r => r.Method.CardNumber).Must(CardGateway.IsValidNumber).When(r => r.Method is not null)
            .WithMessage("'card_number' must be 12 to 19 digits with a valid check digit.");
    }
}
