using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Gateway;

/// <summary>The services' OpenAPI documents as a reader gets them, through the gateway, checked against the APIs' behaviour.</summary>
[Collection(GraphCollection.Name)]
public sealed class OpenApiDocumentTests(GraphFixture graph)
{
    private static readonly string[] Services = ["users", "products", "orders", "payments"];

    [Fact]
    public async Task MoneyIsDocumentedAsADecimalNumberAndNeverAsADouble()
    {
        foreach (var service in Services)
        {
            var document = await DocumentAsync(service);
            var doubles = Walk(document).Where(node => node.Object["format"]?.GetValue<string>() == "double").Select(node => node.Path).ToList();
            Assert.True(doubles.Count == 0, $"{service}: format double at {string.Join(", ", doubles)}");
        }

        var money = new (string Service, string Schema, string Property)[]
        {
            ("products", "ProductResponse", "price"), ("products", "CreateProductRequest", "price"),
            ("orders", "OrderResponse", "total_amount"), ("orders", "OrderItemResponse", "unit_price"), ("orders", "CartResponse", "total"),
            ("payments", "PaymentResponse", "amount"), ("payments", "CreatePaymentRequest", "amount"),
        };
        foreach (var (service, schema, property) in money)
        {
            var node = (await DocumentAsync(service))["components"]!["schemas"]![schema]!["properties"]![property]!;
            Assert.Equal("number", node["type"]!.GetValue<string>());
            Assert.Equal("decimal", node["format"]!.GetValue<string>());
        }
        var minPrice = Operation(await DocumentAsync("products"), "get", "/api/v1/products")["parameters"]!.AsArray()
            .Single(parameter => parameter!["name"]!.GetValue<string>() == "min_price")!;
        Assert.Equal("decimal", minPrice["schema"]!["format"]!.GetValue<string>());

        // What the document says is what travels: a JSON number, not a string.
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync(price: 12.34m);
        var served = await graph.Gateway.GetAsync($"/api/v1/products/{product}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Number, served.GetProperty("price").ValueKind);
        Assert.Equal(12.34m, served.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task EveryDocumentDeclaresTheBearerSchemeAndOnlyOperationsThatNeedATokenRequireIt()
    {
        foreach (var service in Services)
        {
            var scheme = (await DocumentAsync(service))["components"]!["securitySchemes"]!["Bearer"]!;
            Assert.Equal("http", scheme["type"]!.GetValue<string>());
            Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
            Assert.Equal("JWT", scheme["bearerFormat"]!.GetValue<string>());
        }

        var placeOrder = Operation(await DocumentAsync("orders"), "post", "/api/v1/orders");
        Assert.Equal("[{\"Bearer\":[]}]", placeOrder["security"]!.ToJsonString());
        Assert.NotNull(placeOrder["responses"]!["401"]);
        // A signed-in customer may place an order: no role, so no 403 for lacking one (only the handler's own).
        var cart = Operation(await DocumentAsync("orders"), "get", "/api/v1/carts");
        Assert.Null(cart["responses"]!["403"]);
        Assert.NotNull(Operation(await DocumentAsync("products"), "post", "/api/v1/products")["responses"]!["403"]);

        var users = await DocumentAsync("users");
        Assert.Null(Operation(users, "post", "/api/v1/auth/login")["security"]);
        Assert.Null(Operation(users, "post", "/api/v1/users")["security"]);
        Assert.Null(Operation(await DocumentAsync("products"), "get", "/api/v1/products")["security"]);
    }

    [Fact]
    public async Task AnOperationRequiresABearerTokenInItsDocumentExactlyWhenTheServiceRefusesItWithout()
    {
        var clients = new Dictionary<string, ServiceClient>
        {
            ["users"] = graph.Users, ["products"] = graph.Products, ["orders"] = graph.Orders, ["payments"] = graph.Payments,
        };
        var checkedOperations = 0;
        foreach (var service in Services)
        {
            foreach (var (method, path, operation) in Operations(await DocumentAsync(service)))
            {
                var secured = operation["security"] is not null;
                var concrete = path.Replace("{id}", Guid.NewGuid().ToString()).Replace("{productId}", Guid.NewGuid().ToString()).Replace("{name}", "main.png");
                using var response = await clients[service].SendAsync(new HttpMethod(method.ToUpperInvariant()), concrete, content: null);
                Assert.True(secured == (response.StatusCode == HttpStatusCode.Unauthorized),
                    $"{method.ToUpperInvariant()} {path} on {service}: documented {(secured ? "with" : "without")} a token, answered {(int)response.StatusCode} without one");
                checkedOperations++;
            }
        }
        Assert.True(checkedOperations > 30, $"only {checkedOperations} operations in the documents");
    }

    [Fact]
    public async Task TheImageUploadDocumentsEveryAnswerItCanGive()
    {
        var upload = Operation(await DocumentAsync("products"), "post", "/api/v1/products/{id}/images");
        var responses = upload["responses"]!.AsObject();

        Assert.Equal(["201", "400", "401", "403", "404", "413", "415"], responses.Select(response => response.Key).Order());
        foreach (var (status, response) in responses.Where(response => response.Key != "201"))
        {
            Assert.True(response!["content"]?["application/problem+json"] is not null, $"{status} has no ProblemDetails body");
        }
        Assert.NotNull(upload["requestBody"]!["content"]!["multipart/form-data"]);
    }

    [Fact]
    public async Task EveryErrorResponseHasAProblemDetailsBodyAndIdempotentOperationsNameTheirKey()
    {
        foreach (var service in Services)
        {
            foreach (var (method, path, operation) in Operations(await DocumentAsync(service)))
            {
                foreach (var (status, response) in operation["responses"]!.AsObject().Where(response => int.Parse(response.Key) >= 400))
                {
                    Assert.True(response!["content"]?["application/problem+json"]?["schema"] is not null,
                        $"{method.ToUpperInvariant()} {path} on {service}: {status} has no ProblemDetails body");
                }
                if (operation["requestBody"] is not null)
                {
                    Assert.All(new[] { "400", "413", "415" }, status => Assert.NotNull(operation["responses"]![status]));
                }
            }
        }

        foreach (var (service, path) in new[] { ("orders", "/api/v1/orders"), ("payments", "/api/v1/payments") })
        {
            var operation = Operation(await DocumentAsync(service), "post", path);
            var key = operation["parameters"]!.AsArray().Single(parameter => parameter!["name"]!.GetValue<string>() == "Idempotency-Key")!;
            Assert.Equal("header", key["in"]!.GetValue<string>());
            Assert.True(key["required"]!.GetValue<bool>());
            Assert.All(new[] { "409", "422" }, status => Assert.NotNull(operation["responses"]![status]));
            // The validation filter's 400, with its errors, is not replaced by the idempotency filter's plain one.
            Assert.EndsWith("/HttpValidationProblemDetails", operation["responses"]!["400"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        }
        // A declined card is a 402 with the failed payment, not a 201.
        Assert.NotNull(Operation(await DocumentAsync("payments"), "post", "/api/v1/payments")["responses"]!["402"]);
    }

    [Fact]
    public async Task TheInteractiveApiPageListsEveryServiceDocumentInDevelopment()
    {
        using var page = await graph.Gateway.GetAsync("/scalar/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{(int)page.StatusCode}: {html}");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.All(Services, service => Assert.Contains($"\"url\":\"openapi/{service}.json\"", html));
        using var script = await graph.Gateway.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    private async Task<JsonNode> DocumentAsync(string service)
    {
        using var response = await graph.Gateway.GetAsync($"/openapi/{service}.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static JsonNode Operation(JsonNode document, string method, string path) =>
        document["paths"]![path]?[method] ?? throw new Xunit.Sdk.XunitException($"{method.ToUpperInvariant()} {path} is not in the document");

    private static IEnumerable<(string Method, string Path, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(item => item.Key is "get" or "put" or "post" or "delete" or "patch")
            .Select(item => (item.Key, path.Key, item.Value!)));

    private static IEnumerable<(string Path, JsonObject Object)> Walk(JsonNode? node, string path = "")
    {
        switch (node)
        {
            case JsonObject item:
                yield return (path, item);
                foreach (var (name, child) in item)
                {
                    foreach (var found in Walk(child, $"{path}/{name}"))
                    {
                        yield return found;
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var found in Walk(array[i], $"{path}[{i}]"))
                    {
                        yield return found;
                    }
                }
                break;
        }
    }
}
