using FluentValidation;

namespace ECommerce.Orders.Orders;

internal sealed class PlaceOrderRequestValidator : AbstractValidator<PlaceOrderRequest>
{
    public const int MaximumLines = 100;
    public const int MaximumQuantity = 100;

    public PlaceOrderRequestValidator()
    {
        RuleFor(r => r.Items)
            .Must(items => items is null || items.Count is > 0 and <= MaximumLines)
            .WithMessage($"An order has 1 to {MaximumLines} lines; leave 'items' out to order the cart.");
        RuleForEach(r => r.Items).NotNull().ChildRules(line =>
        {
            line.RuleFor(l => l.ProductId).NotEmpty();
            line.RuleFor(l => l.Quantity).InclusiveBetween(1, MaximumQuantity);
        });
        RuleFor(r => r.ShippingAddress).NotNull().WithMessage("An order needs a 'shipping_address'.")
            .SetValidator(new ShippingAddressValidator()!);
    }
}
