using FluentValidation;

namespace ECommerce.Products.Stock;

internal sealed class ReserveStockRequestValidator : AbstractValidator<ReserveStockRequest>
{
    public const int MaximumLines = 100;
    public const int MaximumQuantity = 10_000;

    public ReserveStockRequestValidator()
    {
        RuleFor(r => r.OrderId).NotEmpty();
        RuleFor(r => r.Items).NotEmpty()
            .Must(items => items is null || items.Count <= MaximumLines).WithMessage($"An order reserves at most {MaximumLines} lines.");
        RuleForEach(r => r.Items).NotNull().ChildRules(item =>
        {
            item.RuleFor(i => i.ProductId).NotEmpty();
            item.RuleFor(i => i.Quantity).InclusiveBetween(1, MaximumQuantity);
        });
    }
}
