using ECommerce.Lambda.RuntimeSupport;
using ECommerce.Notifications.Function;

// The notification function's `bootstrap`: a Lambda custom runtime serving SQS batches of order events.
return await SqsFunctionHost.RunAsync("notifications", NotificationTracing.Source.Name, NotificationTracing.Metrics, NotificationFunction.Create);
