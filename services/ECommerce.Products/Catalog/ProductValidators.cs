using ECommerce.ServiceDefaults.Http;
using FluentValidation;

namespace ECommerce.Products.Catalog;

internal static class ProductRules
{
    /// <summary>numeric(12,2): at most 10 digits before the point.</summary>
    public const decimal MaximumPrice = 9_999_999_999.99m;

    public static IRuleBuilderOptions<T, string> ValidSku<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$")
            .WithMessage("'{PropertyName}' may contain letters, digits, '.', '_' and '-', starting with a letter or digit.");

    public static IRuleBuilderOptions<T, string?> ValidProductName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(200).Trimmed();

    public static IRuleBuilderOptions<T, decimal> ValidPrice<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.GreaterThanOrEqualTo(0).LessThanOrEqualTo(MaximumPrice)
            .Must(price => decimal.Round(price, 2) == price).WithMessage("'{PropertyName}' must have at most 2 decimal places.");
}

internal sealed class ProductRequestValidator : AbstractValidator<CreateProductRequest>
{
    public ProductRequestValidator()
    {
        RuleFor(r => r.Sku).ValidSku();
        RuleFor(r => r.Name).ValidProductName();
        RuleFor(r => r.Description).MaximumLength(10_000).PlainText(multiline: true);
        RuleFor(r => r.Price).ValidPrice();
        RuleFor(r => r.StockLevel).GreaterThanOrEqualTo(0);
    }
}

internal sealed class UpdateProductRequestValidator : AbstractValidator<UpdateProductRequest>
{
    public UpdateProductRequestValidator()
    {
        RuleFor(r => r.Sku).ValidSku();
        RuleFor(r => r.Name).ValidProductName();
        RuleFor(r => r.Description).MaximumLength(10_000).PlainText(multiline: true);
        RuleFor(r => r.Price).ValidPrice();
    }
}

internal sealed class StockAdjustmentRequestValidator : AbstractValidator<StockAdjustmentRequest>
{
    public StockAdjustmentRequestValidator()
    {
        RuleFor(r => r.Delta).NotEqual(0);
        RuleFor(r => r.Reason).MaximumLength(200).PlainText();
    }
}

/// <summary>Row rules of a batch import; the checks against the database (known categories, free SKUs) are in <see cref="ProductImport"/>.</summary>
internal sealed class ImportProductsRequestValidator : AbstractValidator<ImportProductsRequest>
{
    public const int MaximumRows = 1_000;

    public ImportProductsRequestValidator()
    {
        RuleFor(r => r.Products).NotEmpty()
            .Must(rows => rows is null || rows.Count <= MaximumRows).WithMessage($"A batch holds at most {MaximumRows} products.");
        RuleForEach(r => r.Products).NotNull().SetValidator(new ProductRequestValidator());
    }
}
