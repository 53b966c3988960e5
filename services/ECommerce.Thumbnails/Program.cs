using ECommerce.Lambda.RuntimeSupport;
using ECommerce.Thumbnails.Function;

// The thumbnail function's `bootstrap`: a Lambda custom runtime serving SQS batches of S3 "object created" events.
return await SqsFunctionHost.RunAsync("thumbnails", ThumbnailTelemetry.Source.Name, ThumbnailTelemetry.Function, ThumbnailFunction.Create);
