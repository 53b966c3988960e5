using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults.Http;
using FluentValidation;

namespace ECommerce.Orders.Orders;

/// <summary>
/// An address a label can carry: every part within the length a label prints without cutting it (longer parts are
/// refused, not shortened), in characters the documents can print, and a real ISO country code.
/// </summary>
internal sealed class ShippingAddressValidator : AbstractValidator<ShippingAddressRequest>
{
    public const int MaximumNameLength = 100;
    public const int MaximumLineLength = 100;
    public const int MaximumCityLength = 60;
    public const int MaximumPostalCodeLength = 16;

    public ShippingAddressValidator()
    {
        RuleFor(a => a.Name).NotEmpty().MaximumLength(MaximumNameLength).Printable();
        RuleFor(a => a.Line1).NotEmpty().MaximumLength(MaximumLineLength).Printable();
        RuleFor(a => a.Line2).MaximumLength(MaximumLineLength).Printable();
        RuleFor(a => a.City).NotEmpty().MaximumLength(MaximumCityLength).Printable();
        RuleFor(a => a.Region).MaximumLength(MaximumCityLength).Printable();
        RuleFor(a => a.PostalCode).NotEmpty().MaximumLength(MaximumPostalCodeLength).Printable()
            .Matches(@"^[\p{L}\p{N}][\p{L}\p{N} -]*$").WithMessage("'{PropertyName}' holds letters, digits, spaces and hyphens.");
        RuleFor(a => a.Country).NotEmpty().Must(CountryCodes.IsKnown)
            .WithMessage("'{PropertyName}' is an ISO 3166-1 alpha-2 code in capitals, such as DE or JP.");
    }
}

internal static class AddressRules
{
    public static IRuleBuilderOptions<T, string?> Printable<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Trimmed().Must(text => text is null || PrintableText.IsPrintable(text))
            .WithMessage("'{PropertyName}' has characters the shop cannot print on its documents: Latin, Greek, Cyrillic, Hebrew, Chinese and Japanese are accepted.");
}
