using FluentValidation;

namespace ECommerce.ServiceDefaults.Http;

public static class TextRules
{
    /// <summary>
    /// No control characters (a NUL cannot even be stored in PostgreSQL text); <paramref name="multiline"/> allows
    /// line breaks and tabs, for descriptions.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> PlainText<T>(this IRuleBuilder<T, string?> rule, bool multiline = false) =>
        rule.Must(text => text is null || !text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
            .WithMessage(multiline
                ? "'{PropertyName}' must not contain control characters other than line breaks and tabs."
                : "'{PropertyName}' must not contain control characters.");

    /// <summary>Plain text without leading or trailing spaces: names, titles.</summary>
    public static IRuleBuilderOptions<T, string?> Trimmed<T>(this IRuleBuilder<T, string?> rule) =>
        rule.PlainText().Must(text => text is null || text.Trim() == text)
            .WithMessage("'{PropertyName}' must not start or end with spaces.");
}
