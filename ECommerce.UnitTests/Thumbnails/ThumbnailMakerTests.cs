extern alias thumbnails;
using thumbnails::ECommerce.Thumbnails.Function;

namespace ECommerce.UnitTests.Thumbnails;

public sealed class ThumbnailMakerTests
{
    private static readonly ThumbnailMaker Maker = Initialized(new ThumbnailMaker(ImageLimits.Default));

    private static ThumbnailMaker Initialized(ThumbnailMaker maker)
    {
        ThumbnailMaker.Initialize();
        return maker;
    }

    [Fact]
    public void APhotoGetsWebpThumbnailsOfEachWidthWithItsAspectRatio()
    {
        var thumbnails = Maker.Make(TestImages.Jpeg(4000, 3000), [160, 480], CancellationToken.None);

        Assert.Equal([(160, 120), (480, 360)], thumbnails.Select(t => (t.Width, t.Height)).ToArray());
        Assert.All(thumbnails, t => Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(t.Webp, 0, 4)));
        Assert.All(thumbnails, t => Assert.Equal((t.Width, t.Height), TestImages.SizeOf(t.Webp)));
    }

    [Fact]
    public void ASmallImageIsNotEnlarged()
    {
        var thumbnails = Maker.Make(TestImages.Jpeg(300, 200), [160, 480], CancellationToken.None);

        Assert.Equal([(160, 107), (300, 200)], thumbnails.Select(t => (t.Width, t.Height)).ToArray());
    }

    [Fact]
    public void BrokenAndHostileImagesAreRefusedWithTheReason()
    {
        Assert.Contains("cannot be decoded", Assert.Throws<UnusableImageException>(() => Maker.Make(TestImages.TruncatedJpeg(), [160], CancellationToken.None)).Message);
        Assert.Contains("50000×50000 pixels", Assert.Throws<UnusableImageException>(() => Maker.Make(TestImages.DecompressionBombPng(), [160], CancellationToken.None)).Message);
        Assert.Contains("not a JPEG, PNG or WebP", Assert.Throws<UnusableImageException>(() => Maker.Make(TestImages.Svg(), [160], CancellationToken.None)).Message);
        Assert.Contains("not a JPEG, PNG or WebP", Assert.Throws<UnusableImageException>(() => Maker.Make("not an image"u8.ToArray(), [160], CancellationToken.None)).Message);
    }

    [Fact]
    public void AnImageLargerThanTheLimitsIsRefusedBeforeDecoding()
    {
        var strict = Initialized(new ThumbnailMaker(ImageLimits.Default with { MaxPixels = 1_000_000 }));

        Assert.Contains("more than the 1000000", Assert.Throws<UnusableImageException>(() => strict.Make(TestImages.Jpeg(1200, 900), [160], CancellationToken.None)).Message);
    }

    [Fact]
    public void DecodingThatRunsPastTheTimeLimitIsStopped()
    {
        // A PNG has no reduced-scale decode: 12 megapixels take far longer than 5 ms to read on any machine.
        var hasty = Initialized(new ThumbnailMaker(ImageLimits.Default with { Timeout = TimeSpan.FromMilliseconds(5) }));

        Assert.Contains("longer than", Assert.Throws<UnusableImageException>(() => hasty.Make(TestImages.Png(4000, 3000), [480, 160], CancellationToken.None)).Message);
    }

    [Fact]
    public void TheInvocationsDeadlineIsNotBlamedOnTheImage()
    {
        using var deadline = new CancellationTokenSource();
        deadline.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Maker.Make(TestImages.Jpeg(1200, 900), [160], deadline.Token));
    }
}
