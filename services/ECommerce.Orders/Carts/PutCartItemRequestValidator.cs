using System.Text.Json;
using System.Text.RegularExpressions;
using FluentValidation;

namespace ECommerce.Orders.Carts;

internal sealed partial class PutCartItemRequestValidator : AbstractValidator<PutCartItemRequest>
{
    public const int MaximumQuantity = 100;
    public const int MaximumAttributes = 10;

    public PutCartItemRequestValidator()
    {
        RuleFor(r => r.Quantity).InclusiveBetween(1, MaximumQuantity);
        RuleFor(r => r.Attributes)
            .Must(a => a is null || a.Count <= MaximumAttributes).WithMessage($"At most {MaximumAttributes} attributes.")
            .Must(a => a is null || a.Keys.All(key => AttributeName().IsMatch(key)))
            .WithMessage("Attribute names are lower-case letters, digits and '_', up to 32 characters.")
            .Must(a => a is null || a.Values.All(IsAcceptableValue))
            .WithMessage("Attribute values are strings of up to 100 characters (no control characters) or booleans.");
    }

    private static bool IsAcceptableValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => true,
        JsonValueKind.String => value.GetString() is { Length: <= 100 } text && !text.Any(char.IsControl),
        _ => false,
    };

    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$")]
    private static partial Regex AttributeName();
}
