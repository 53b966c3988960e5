using System.Text;
using System.Text.Json;
using ECommerce.ServiceDefaults.Http;

namespace ECommerce.UnitTests.Http;

public class MoneyJsonConverterTests
{
    private sealed record Priced(decimal Price);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new MoneyJsonConverter() } };

    [Theory]
    [InlineData("0", 0)]
    [InlineData("19.99", 2)]
    [InlineData("1.50", 1)]
    [InlineData("1.500000", 1)]
    [InlineData("1000", 0)]
    [InlineData("125e-2", 2)]
    [InlineData("1000e-3", 0)]
    [InlineData("1.5E+1", 0)]
    [InlineData("0.001", 3)]
    [InlineData("1234e-3", 3)]
    [InlineData("-0.125", 3)]
    [InlineData("1.000000000000000000000000000001", 30)]
    [InlineData("0e-5", 0)]
    [InlineData("0.000", 0)]
    [InlineData("1e-2147483648", int.MaxValue)]
    [InlineData("0.1e-2147483647", int.MaxValue)]
    public void PlacesAreCountedOnTheNumberAsSent(string number, int places) =>
        Assert.Equal(places, MoneyJsonConverter.PlacesOf(Encoding.ASCII.GetBytes(number)));

    [Theory]
    [InlineData("1.000000000000000000000000000001")]
    [InlineData("19.999")]
    [InlineData("1e-3")]
    [InlineData("1e99999999999")]
    [InlineData("1e-2147483648")]
    public void MoreDecimalPlacesThanTheCurrencyHasAreRefusedWithThePathOfTheValue(string number)
    {
        var refused = Assert.Throws<MoneyPrecisionException>(() => JsonSerializer.Deserialize<Priced>($$"""{"price": {{number}}}""", Options));
        Assert.Equal("$.price", refused.Path);
    }

    [Theory]
    [InlineData("19.99", "19.99")]
    [InlineData("1.500", "1.50")]
    [InlineData("7", "7")]
    [InlineData("125e-2", "1.25")]
    public void AcceptedAmountsAreReadAsTheyWillBeStored(string number, string stored) =>
        Assert.Equal(decimal.Parse(stored, System.Globalization.CultureInfo.InvariantCulture),
            JsonSerializer.Deserialize<Priced>($$"""{"price": {{number}}}""", Options)!.Price);

    [Fact]
    public void AStoredAmountIsEchoedWithNoMorePlacesThanTheCurrencyHas() =>
        Assert.Equal("""{"price":1.50}""", JsonSerializer.Serialize(JsonSerializer.Deserialize<Priced>("""{"price": 1.500000}""", Options), Options));

    [Fact]
    public void AnAmountSentAsAStringIsNotMoney() =>
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Priced>("""{"price": "19.99"}""", Options));
}
