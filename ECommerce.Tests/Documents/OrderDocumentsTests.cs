using System.Net;
using System.Text.Json;
using Amazon.S3.Model;
using Confluent.Kafka;
using ECommerce.Clients.Kafka;
using ECommerce.ServiceDefaults;
using ECommerce.Tests.Harness;
using ECommerce.UnitTests.Documents;

namespace ECommerce.Tests.Documents;

[Collection(GraphCollection.Name)]
public sealed class OrderDocumentsTests(GraphFixture graph)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Download = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private async Task<(ServiceClient Shop, Guid Order)> PaidOrderAsync()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var kettle = await catalog.CreateProductAsync("Électrique kettle «Ёлка»", 24.90m, stock: 5);
        var mug = await catalog.CreateProductAsync("Mug 茶碗", 7.25m, stock: 5);
        var shop = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);
        var order = await shop.PostAsync("/api/v1/orders", new
        {
            items = new[] { new { product_id = kettle, quantity = 1 }, new { product_id = mug, quantity = 3 } },
            shipping_address = new { name = "Zoë Ångström", line1 = "Rue de l'Église 7", city = "Genève", postal_code = "1204", country = "CH" },
        }, NewKey()).ExpectAsync(HttpStatusCode.Created);
        var total = order.GetProperty("total_amount").GetDecimal();
        await shop.PostAsync("/api/v1/payments", new { order_id = order.Id(), amount = total, method = new { type = "card", card_number = "4242424242424242" } }, NewKey())
            .ExpectAsync(HttpStatusCode.Created);
        return (shop, order.Id());
    }

    private static async Task<Dictionary<string, JsonElement>> DocumentsAsync(ServiceClient caller, Guid order, params string[] kinds) =>
        await Poll.Eventually(
            async () => (await caller.GetAsync($"/api/v1/orders/{order}/documents").ExpectAsync(HttpStatusCode.OK))
                .GetProperty("items").EnumerateArray().ToDictionary(d => d.Text("kind")),
            found => kinds.All(found.ContainsKey), Within);

    private static async Task<string> TextAtAsync(JsonElement document)
    {
        using var response = await Download.GetAsync(document.Text("url"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await PdfTools.TextOfAsync(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PayingAnOrderYieldsItsInvoiceAndReceiptAndShippingItItsLabelAllDownloadablePdfs()
    {
        var (shop, order) = await PaidOrderAsync();

        var documents = await DocumentsAsync(shop, order, "invoice", "receipt");
        Assert.DoesNotContain("shipment_label", documents.Keys);
        foreach (var kind in new[] { "invoice", "receipt" })
        {
            var text = await TextAtAsync(documents[kind]);
            Assert.Contains(order.ToString(), text);
            Assert.Matches(@"Électrique kettle «Ёлка»\s+1\s+24\.90\s+24\.90", text);
            Assert.Matches(@"Mug 茶碗\s+3\s+7\.25\s+21\.75", text);
            Assert.Matches(@"Total \(EUR\)\s+46\.65", text);
            Assert.True(documents[kind].GetProperty("expires_at").GetDateTimeOffset() <= DateTimeOffset.UtcNow.AddMinutes(5.5));
        }
        Assert.Contains("card ending in 4242", await TextAtAsync(documents["receipt"]));

        await graph.Gateway.As(await graph.Accounts.AdminTokenAsync()).PostAsync($"/api/v1/orders/{order}/ship").ExpectAsync(HttpStatusCode.OK);

        var label = await TextAtAsync((await DocumentsAsync(shop, order, "shipment_label"))["shipment_label"]);
        Assert.Contains("Zoë Ångström", label);
        Assert.Contains("1204 Genève", label);
        Assert.Contains(order.ToString(), label);
    }

    [Fact]
    public async Task AnotherCustomerCannotListTheDocumentsOfAnOrderButAnAdministratorCan()
    {
        var (shop, order) = await PaidOrderAsync();
        await DocumentsAsync(shop, order, "invoice", "receipt");
        var stranger = graph.Gateway.As((await graph.Accounts.NewCustomerAsync()).Token);

        await stranger.GetAsync($"/api/v1/orders/{order}/documents").ExpectProblemAsync(HttpStatusCode.NotFound);
        await stranger.GetAsync($"/api/v1/orders/{Guid.NewGuid()}/documents").ExpectProblemAsync(HttpStatusCode.NotFound);
        await graph.Gateway.GetAsync($"/api/v1/orders/{order}/documents").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var admin = graph.Gateway.As(await graph.Accounts.AdminTokenAsync());
        Assert.Equal(2, (await admin.GetAsync($"/api/v1/orders/{order}/documents").ExpectAsync(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ARedeliveredConfirmationLeavesTheDocumentsItMadeAsTheyWere()
    {
        var (shop, order) = await PaidOrderAsync();
        await DocumentsAsync(shop, order, "invoice", "receipt");
        using var s3 = graph.Aws.CreateS3Client();
        async Task<(string? ETag, DateTime? Modified)> StateOf(string kind)
        {
            var metadata = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = S3Buckets.OrderDocuments, Key = $"orders/{order}/{kind}.pdf" });
            return (metadata.ETag, metadata.LastModified);
        }
        var before = (Invoice: await StateOf("invoice"), Receipt: await StateOf("receipt"));

        // The same message again, then the order ships: its event follows on the same partition, so once the label
        // exists the documents service has handled the redelivered confirmation too.
        var confirmed = ConfirmationOf(order);
        using (var producer = new ProducerBuilder<string, string>(KafkaConnection.ProducerConfig(graph.KafkaBrokers)).Build())
        {
            await producer.ProduceAsync(KafkaTopics.Orders, confirmed);
        }
        await graph.Gateway.As(await graph.Accounts.AdminTokenAsync()).PostAsync($"/api/v1/orders/{order}/ship").ExpectAsync(HttpStatusCode.OK);
        await DocumentsAsync(shop, order, "shipment_label");

        Assert.Equal(before, (await StateOf("invoice"), await StateOf("receipt")));
    }

    private Message<string, string> ConfirmationOf(Guid order) => EventCollector.FirstOnKafka(graph,
        message => message.Key == order.ToString() && JsonDocument.Parse(message.Value).RootElement.Text("event_type") == "order.confirmed", Within);
}
