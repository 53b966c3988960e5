using System.Net;
using System.Net.Http.Headers;
using ECommerce.Tests.Harness;

namespace ECommerce.Tests.Products;

[Collection(GraphCollection.Name)]
public sealed class ProductImageTests(GraphFixture graph)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, .. "JFIF"u8, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xFF, 0xD9];

    [Fact]
    public async Task AnUploadedImageIsServedThroughATimeLimitedPresignedUrl()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync();

        var main = await Upload(catalog.Admin, product, Png, "photo.png", kind: "main").ExpectAsync(HttpStatusCode.Created);
        var detail = await Upload(catalog.Admin, product, Jpeg, "side view.jpeg").ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("main.png", main.Text("name"));
        Assert.Equal("detail_1.jpg", detail.Text("name"));
        var url = (await graph.Products.GetAsync($"/api/v1/products/{product}").ExpectAsync(HttpStatusCode.OK)).Text("image_url");
        Assert.Contains($"/products/{product}/main.png", url);
        Assert.Contains("X-Amz-Expires=", url);
        using var http = new HttpClient();
        Assert.Equal(Png, await http.GetByteArrayAsync(url));

        var listed = await graph.Products.GetAsync($"/api/v1/products/{product}/images").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["main.png", "detail_1.jpg"], listed.EnumerateArray().Select(i => i.Text("name")).ToArray());
        Assert.Equal("image/jpeg", listed[1].Text("content_type"));
    }

    [Fact]
    public async Task ExecutablesSvgsOversizedFilesAndPathLikeNamesAreRefusedAndNothingIsStored()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync();
        byte[] executable = [0x7F, .. "ELF"u8, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] windowsExecutable = [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0];
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray();
        var oversized = new byte[5 * 1024 * 1024 + 1];
        Png.CopyTo(oversized, 0);

        await Upload(catalog.Admin, product, executable, "photo.jpg", contentType: "image/jpeg").ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await Upload(catalog.Admin, product, windowsExecutable, "photo.png", contentType: "image/png").ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await Upload(catalog.Admin, product, svg, "logo.svg", contentType: "image/svg+xml").ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await Upload(catalog.Admin, product, oversized, "huge.png").ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        foreach (var name in new[] { "../../etc/passwd.png", "..\\evil.png", "/tmp/x.png", "a/b.png", "C:evil.png" })
        {
            await Upload(catalog.Admin, product, Png, name).ExpectProblemAsync(HttpStatusCode.BadRequest);
        }

        var listed = await graph.Products.GetAsync($"/api/v1/products/{product}/images").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetArrayLength());
    }

    [Fact]
    public async Task OnlyAnAdministratorUploadsImages()
    {
        var catalog = await Catalog.AsAdminAsync(graph);
        var product = await catalog.CreateProductAsync();
        var customer = await graph.Accounts.NewCustomerAsync();

        await Upload(graph.Products.As(customer.Token), product, Png, "photo.png").ExpectProblemAsync(HttpStatusCode.Forbidden);
        await Upload(catalog.Admin, Guid.NewGuid(), Png, "photo.png").ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    internal static Task<HttpResponseMessage> Upload(ServiceClient client, Guid product, byte[] bytes, string fileName,
        string contentType = "application/octet-stream", string? kind = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        // Set by hand: HttpClient would otherwise quote and trim the name the way a well-behaved browser does.
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = $"\"{fileName.Replace("\\", "\\\\")}\"" };
        form.Add(file);
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }
        return client.SendAsync(HttpMethod.Post, $"/api/v1/products/{product}/images", form);
    }
}
