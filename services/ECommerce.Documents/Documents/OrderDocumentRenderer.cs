using System.Globalization;
using ECommerce.Contracts.Orders;
using ECommerce.Documents.Rendering;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ECommerce.Documents.Documents;

/// <summary>
/// The three documents of an order as PDF bytes, made only from the event that asks for them: the same event gives
/// the same document (its dates are the event's, not the clock's). The bytes still differ between two renderings,
/// since PDFsharp names font subsets and the file at random, which is why the store never writes a document twice.
/// </summary>
public sealed class OrderDocumentRenderer(IOptions<ShopOptions> options)
{
    private static readonly XSize A4 = new(595.28, 841.89);
    private static readonly XSize Label4By6 = new(288, 432);

    private readonly ShopOptions _shop = options.Value;

    public byte[] Render(string kind, OrderEvent order) => kind switch
    {
        OrderDocuments.Invoice => Statement(order, receipt: false),
        OrderDocuments.Receipt => Statement(order, receipt: true),
        OrderDocuments.ShipmentLabel => ShipmentLabel(order),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a document kind."),
    };

    // Invoice and receipt share their layout; the receipt adds how it was paid.
    private byte[] Statement(OrderEvent order, bool receipt)
    {
        var title = receipt ? "Receipt" : "Invoice";
        return Write($"{title} for order {order.OrderId}", order.OccurredAt, A4, margin: 50, page =>
        {
            var right = page.Width / 2;
            page.Text(_shop.Name, 20, bold: true);
            page.Text(_shop.Address, 9, width: right - 10);
            var belowSender = page.Y;
            page.Y = 0;
            page.Text(title.ToUpperInvariant(), 16, bold: true, x: right, align: Align.Right);
            page.Text($"Order {order.OrderId}", 9, x: right, align: Align.Right);
            page.Text($"Date {Timestamp(order.OccurredAt)}", 9, x: right, align: Align.Right);
            page.Y = Math.Max(page.Y, belowSender);
            page.Space(24);

            if (order.ShippingAddress is { } address)
            {
                page.Text(receipt ? "Customer" : "Bill and ship to", 9, bold: true);
                foreach (var line in address.Lines())
                {
                    page.Text(line, 10);
                }
                page.Space(16);
            }

            var columns = StatementColumns(page.Width);
            page.Row(9, columns.Header);
            page.Rule();
            foreach (var item in order.Items)
            {
                page.Row(10, columns.Line(item.Name, item.Quantity, Money(item.UnitPrice), Money(item.UnitPrice * item.Quantity)));
            }
            page.Rule();
            page.Row(11, new Cell(0, page.Width * 0.7, $"Total ({_shop.Currency})", Align.Right, Bold: true),
                new Cell(page.Width * 0.7, page.Width * 0.3, Money(order.TotalAmount), Align.Right, Bold: true));
            page.Space(24);

            if (receipt && order.Payment is { } payment)
            {
                page.Text($"Paid {Money(order.TotalAmount)} {_shop.Currency} by card ending in {payment.CardLast4} on {Timestamp(payment.PaidAt)}.", 10);
                page.Text($"Payment {payment.PaymentId}" + (payment.TransactionId is { } transaction ? $", transaction {transaction}" : ""), 8);
            }
            else if (!receipt)
            {
                page.Text("Paid in full at confirmation. Prices are those reserved when the order was placed.", 9);
            }
        });
    }

    private byte[] ShipmentLabel(OrderEvent order)
    {
        if (order.ShippingAddress is not { } address)
        {
            throw new InvalidOperationException($"Order {order.OrderId} has no shipping address: it was placed before addresses were asked for.");
        }
        var barcodeContents = order.OrderId.ToString();
        return Write($"Shipment label for order {order.OrderId}", order.OccurredAt, Label4By6, margin: 14, page =>
        {
            page.Text("FROM", 7, bold: true);
            page.Text($"{_shop.Name}, {_shop.Address}", 8);
            page.Rule(1);
            page.Text("SHIP TO", 8, bold: true);
            foreach (var line in address.Lines())
            {
                page.Text(line, 13, bold: true);
            }
            page.Space(10);
            page.Rule(1);
            page.Space(6);
            page.Bars(Code128.Bars(barcodeContents, 0, page.Width), height: 70);
            page.Space(4);
            page.Text(barcodeContents, 9, align: Align.Right);
            page.Rule(1);
            page.Text($"Order {order.OrderId}", 8);
            page.Text($"{order.Items.Sum(i => i.Quantity)} item(s), shipped {Timestamp(order.OccurredAt)}", 8);
        });
    }

    private static (Cell[] Header, Func<string, int, string, string, Cell[]> Line) StatementColumns(double width)
    {
        double item = width * 0.52, quantity = width * 0.1, unit = width * 0.19, total = width * 0.19;
        return (
            [new Cell(0, item, "Item", Bold: true), new Cell(item, quantity, "Qty", Align.Right, true),
             new Cell(item + quantity, unit, "Unit price", Align.Right, true), new Cell(item + quantity + unit, total, "Amount", Align.Right, true)],
            (name, count, unitPrice, lineTotal) =>
            [new Cell(0, item - 8, name), new Cell(item, quantity, count.ToString(CultureInfo.InvariantCulture), Align.Right),
             new Cell(item + quantity, unit, unitPrice, Align.Right), new Cell(item + quantity + unit, total, lineTotal, Align.Right)]);
    }

    private static byte[] Write(string title, DateTimeOffset madeAt, XSize size, double margin, Action<PageWriter> content)
    {
        DocumentFonts.Register();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = "ECommerce";
        document.Info.CreationDate = madeAt.UtcDateTime;
        document.Info.ModificationDate = madeAt.UtcDateTime;
        using (var page = new PageWriter(document, size, margin))
        {
            content(page);
        }
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    // Never rounded: a price with more decimals than two shows them all.
    private static string Money(decimal amount) => amount.ToString("#,##0.00##########", CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
