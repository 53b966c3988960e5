using Amazon.S3;
using ECommerce.Lambda.RuntimeSupport;
using Microsoft.Extensions.Logging;

namespace ECommerce.Thumbnails.Function;

/// <summary>
/// The function's initialisation, once per execution environment: an S3 client from Lambda's standard variables
/// (AWS_REGION and the role's credentials; AWS_ENDPOINT_URL_S3 locally), the limits, and the handler.
/// </summary>
public static class ThumbnailFunction
{
    public static LambdaHandler<SqsEvent, SqsBatchResponse> Create(ILoggerFactory loggerFactory)
    {
        var config = AwsClientConfig.FromEnvironment("S3", new AmazonS3Config());
        // Emulators serve buckets by path, not by subdomain.
        config.ForcePathStyle = config.ServiceURL is not null;
        var limits = ImageLimits.FromEnvironment();
        ThumbnailMaker.Initialize();
        var handler = new ThumbnailHandler(new AmazonS3Client(config), new ThumbnailMaker(limits), limits, loggerFactory.CreateLogger<ThumbnailHandler>());
        return handler.HandleAsync;
    }
}
