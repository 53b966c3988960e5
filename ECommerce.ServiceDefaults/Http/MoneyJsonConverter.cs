using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ECommerce.ServiceDefaults.Http;

/// <summary>
/// Reads every decimal of a request body as an amount of money in the shop's currency: at most
/// <see cref="DecimalPlaces"/> places, counted on the number as sent. Counting on the parsed decimal is not enough:
/// a decimal keeps 28 places, so <c>1.000000000000000000000000000001</c> arrives as a whole 1 and would be
/// accepted, stored rounded and echoed with 28 places. Writing is the default.
/// </summary>
public sealed class MoneyJsonConverter : JsonConverter<decimal>
{
    public const int DecimalPlaces = 2;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("An amount of money is a JSON number.");
        }
        var literal = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        if (PlacesOf(literal) > DecimalPlaces)
        {
            throw new MoneyPrecisionException();
        }
        // Trailing zeros beyond the currency's places ("1.500") are dropped, so what is echoed is what is stored.
        return decimal.Round(reader.GetDecimal(), DecimalPlaces);
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(value);

    /// <summary>How many decimal places a JSON number has once trailing zeros are set aside (<c>1.50</c>: 1, <c>125e-2</c>: 2).</summary>
    public static int PlacesOf(ReadOnlySpan<byte> number)
    {
        var exponentAt = number.IndexOfAny((byte)'e', (byte)'E');
        var exponent = 0;
        if (exponentAt >= 0 && (!Utf8Parser.TryParse(number[(exponentAt + 1)..], out exponent, out var consumed) || consumed != number.Length - exponentAt - 1))
        {
            // An exponent too large to read is no amount of money either.
            return int.MaxValue;
        }
        var mantissa = exponentAt >= 0 ? number[..exponentAt] : number;
        if (!mantissa.ContainsAnyInRange((byte)'1', (byte)'9'))
        {
            // Zero is zero, whatever its exponent.
            return 0;
        }
        var point = mantissa.IndexOf((byte)'.');
        var fractionDigits = point < 0 ? 0 : mantissa.Length - point - 1;
        var digits = point < 0 ? mantissa : mantissa[..point];
        var trailingZeros = fractionDigits > 0
            ? fractionDigits - mantissa[(point + 1)..].TrimEnd((byte)'0').Length
            : 0;
        if (trailingZeros == fractionDigits)
        {
            // No significant fraction: the integer digits' own trailing zeros count too (1000e-3 is a whole 1).
            trailingZeros += digits.Length - digits.TrimEnd((byte)'0').Length;
        }
        return (int)Math.Clamp((long)fractionDigits - exponent - trailingZeros, 0L, int.MaxValue);
    }
}

/// <summary>An amount of money with more decimal places than the currency has: the client's mistake, a 400.</summary>
public sealed class MoneyPrecisionException()
    : JsonException($"An amount of money has at most {MoneyJsonConverter.DecimalPlaces} decimal places.");
