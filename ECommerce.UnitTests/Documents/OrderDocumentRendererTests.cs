extern alias documents;
using ECommerce.Contracts.Orders;
using documents::ECommerce.Documents.Documents;
using Microsoft.Extensions.Options;

namespace ECommerce.UnitTests.Documents;

public sealed class OrderDocumentRendererTests
{
    private static readonly OrderDocumentRenderer Renderer = new(Options.Create(new ShopOptions()));

    private static OrderEvent Order(ShippingAddress address, params OrderEventItem[] items) => new(
        Guid.NewGuid(), OrderEventTypes.Confirmed, OrderEvent.CurrentVersion, new DateTimeOffset(2026, 11, 30, 14, 5, 0, TimeSpan.Zero),
        Guid.NewGuid(), Guid.NewGuid(), "confirmed", items.Sum(i => i.UnitPrice * i.Quantity), items, null, address,
        new OrderPayment(Guid.NewGuid(), "4242", "txn_123", new DateTimeOffset(2026, 11, 30, 14, 4, 0, TimeSpan.Zero)));

    private static readonly ShippingAddress Zoe = new("Zoë Ångström-Łukasiewicz", "Rue de l'Église 7", null, "Genève", null, "1204", "CH");

    [Fact]
    public async Task AnInvoiceShowsTheOrderIdEveryLineWithItsFiguresAndTheTotal()
    {
        var order = Order(Zoe, new OrderEventItem(Guid.NewGuid(), "Crème brûlée torch", 2, 19.99m),
            new OrderEventItem(Guid.NewGuid(), "Mug", 1, 7.50m));

        var text = await PdfTools.TextOfAsync(Renderer.Render(OrderDocuments.Invoice, order));

        Assert.Contains(order.OrderId.ToString(), text);
        Assert.Contains("INVOICE", text);
        Assert.Matches(@"Crème brûlée torch\s+2\s+19\.99\s+39\.98", text);
        Assert.Matches(@"Mug\s+1\s+7\.50\s+7\.50", text);
        Assert.Matches(@"Total \(EUR\)\s+47\.48", text);
        Assert.Contains("Zoë Ångström-Łukasiewicz", text);
    }

    [Fact]
    public async Task AReceiptShowsTheLastFourDigitsOfTheCardThatPaid()
    {
        var order = Order(Zoe, new OrderEventItem(Guid.NewGuid(), "Mug", 3, 7.5m));

        var text = await PdfTools.TextOfAsync(Renderer.Render(OrderDocuments.Receipt, order));

        Assert.Contains("RECEIPT", text);
        Assert.Contains("card ending in 4242", text);
        Assert.Matches(@"Total \(EUR\)\s+22\.50", text);
    }

    [Fact]
    public async Task AShipmentLabelCarriesTheAddressAndABarcodeThatScansAsTheOrderId()
    {
        var order = Order(new ShippingAddress("Иван Петров", "ул. Тверская, д. 7, кв. 15", null, "Москва", null, "125009", "RU"),
            new OrderEventItem(Guid.NewGuid(), "Mug", 1, 7.5m));
        var pdf = Renderer.Render(OrderDocuments.ShipmentLabel, order);

        var text = await PdfTools.TextOfAsync(pdf);

        Assert.Contains("Иван Петров", text);
        Assert.Contains("ул. Тверская, д. 7, кв. 15", text);
        Assert.Contains("125009 Москва", text);
        Assert.Equal([order.OrderId.ToString()], await PdfTools.BarcodesOfAsync(pdf));
    }

    [Fact]
    public async Task NamesInChineseJapaneseAndHebrewArePrintedAsText()
    {
        var order = Order(new ShippingAddress("山田 太郎", "東京都港区六本木6-10-1 ヒルズ", "北京市朝阳区建国路88号", "תל אביב", "רחוב הרצל 12", "100-0001", "JP"),
            new OrderEventItem(Guid.NewGuid(), "茶碗", 1, 12m));

        var text = await PdfTools.TextOfAsync(Renderer.Render(OrderDocuments.ShipmentLabel, order));

        Assert.Contains("山田 太郎", text);
        Assert.Contains("東京都港区六本木6-10-1", text);
        Assert.Contains("北京市朝阳区建国路88号", text);
        // Hebrew is drawn in visual order; whichever order the extractor gives back, every letter is there as text.
        Assert.All("תלאביב".ToCharArray(), letter => Assert.Contains(letter, text));
        Assert.DoesNotContain("\uFFFD", text);
    }

    [Fact]
    public async Task AnAddressLineTooLongForTheLabelWrapsWithNothingLost()
    {
        var line = string.Join(" ", Enumerable.Range(1, 14).Select(i => $"Word{i}x"));
        var order = Order(Zoe with { Line1 = line }, new OrderEventItem(Guid.NewGuid(), "Mug", 1, 7.5m));

        var text = await PdfTools.TextOfAsync(Renderer.Render(OrderDocuments.ShipmentLabel, order));

        Assert.All(Enumerable.Range(1, 14), i => Assert.Contains($"Word{i}x", text));
    }

    [Fact]
    public async Task AnInvoiceOfAHundredLinesGoesOnToMorePagesWithEveryLine()
    {
        var items = Enumerable.Range(1, 100).Select(i => new OrderEventItem(Guid.NewGuid(), $"Article number {i:000}", i, 1.25m)).ToArray();
        var order = Order(Zoe, items);

        var text = await PdfTools.TextOfAsync(Renderer.Render(OrderDocuments.Invoice, order));

        Assert.All(items, item => Assert.Matches($@"{item.Name}\s+{item.Quantity}\s+1\.25", text));
        Assert.Contains(order.TotalAmount.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture), text);
        Assert.Contains('\f', text.TrimEnd('\f'));
    }

    [Fact]
    public async Task TheSameEventGivesTheSameDocument()
    {
        var order = Order(Zoe, new OrderEventItem(Guid.NewGuid(), "Mug", 1, 7.5m));

        foreach (var kind in OrderDocuments.Kinds)
        {
            Assert.Equal(await PdfTools.TextOfAsync(Renderer.Render(kind, order)), await PdfTools.TextOfAsync(Renderer.Render(kind, order)));
        }
    }
}
