using System.Security.Claims;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;
using ECommerce.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace ECommerce.Payments.Payments;

public static class PaymentsApi
{
    public static RouteGroupBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/payments").WithTags("Payments").RequireAuthorization();
        // 402 for a declined card (the failed payment in the problem), 404 for an order not the caller's, 409 for one
        // not payable or being paid (or cancelled while this payment ran: refunded, in the problem), 422 for the wrong
        // amount; 503 when orders does not answer.
        api.MapPost("", Pay).WithValidation<CreatePaymentRequest>().WithIdempotencyKey<CreatePaymentRequest>("pay")
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/{id:guid}", Get);
        api.MapGet("", ListByOrder);
        return api;
    }

    public static async Task<Results<Created<PaymentResponse>, ProblemHttpResult>> Pay(
        CreatePaymentRequest request, ClaimsPrincipal caller, HttpContext http, PaymentProcessor processor, CancellationToken cancellationToken)
    {
        // The response is stored with the end of the saga step, in one write.
        var idempotent = http.Features.GetRequiredFeature<IdempotentRequest>();
        var outcome = await processor.PayAsync(caller.GetUserId(), caller.IsAdmin(), request,
            payment => NotPaid(payment) is { } problem
                ? idempotent.ResponseItem(problem.Status!.Value, problem, location: null)
                : idempotent.ResponseItem(StatusCodes.Status201Created, PaymentResponse.From(payment), Location(payment)),
            cancellationToken);
        if (outcome is PaymentOutcome.Recorded { ResponseStored: true })
        {
            idempotent.MarkRecorded();
        }
        return outcome switch
        {
            PaymentOutcome.Recorded(var payment, _) when NotPaid(payment) is { } problem => TypedResults.Problem(problem),
            PaymentOutcome.Recorded(var payment, _) => TypedResults.Created(Location(payment), PaymentResponse.From(payment)),
            PaymentOutcome.Refused(var status, var title, var detail, _) => TypedResults.Problem(statusCode: status, title: title, detail: detail),
            _ => throw new InvalidOperationException("Unknown payment outcome."),
        };
    }

    // A payment that did not pay for the order is not a 201, and the payment (which stays on record, with its reason)
    // travels in the problem so the client can show or fetch it: a declined card is a 402, as payment APIs answer it;
    // a charge that came after the order was cancelled, and was given back, a 409.
    private static ProblemDetails? NotPaid(Payment payment) => payment.Status switch
    {
        PaymentStatuses.Failed => PaymentProblem(payment, StatusCodes.Status402PaymentRequired, "https://tools.ietf.org/html/rfc9110#section-15.5.3",
            "Payment not made", $"The card was not charged ({payment.FailureReason}). The payment is recorded as failed, and the order is cancelled."),
        PaymentStatuses.Refunded => PaymentProblem(payment, StatusCodes.Status409Conflict, "https://tools.ietf.org/html/rfc9110#section-15.5.10",
            "Order cancelled meanwhile", $"The order was cancelled before the payment completed; the charge was refunded in full ({payment.Refund?.RefundId})."),
        _ => null,
    };

    private static ProblemDetails PaymentProblem(Payment payment, int status, string type, string title, string detail) => new()
    {
        Type = type,
        Status = status,
        Title = title,
        Detail = detail,
        Extensions = { ["payment"] = PaymentResponse.From(payment) },
    };

    private static string Location(Payment payment) => $"/api/v1/payments/{payment.Id}";

    // Someone else's payment answers exactly like a missing one.
    public static async Task<Results<Ok<PaymentResponse>, NotFound>> Get(Guid id, ClaimsPrincipal caller, PaymentStore payments, CancellationToken cancellationToken) =>
        await payments.FindAsync(id, cancellationToken) is { } payment && caller.MayAccess(payment.UserId)
            ? TypedResults.Ok(PaymentResponse.From(payment))
            : TypedResults.NotFound();

    public static async Task<Results<Ok<IReadOnlyList<PaymentResponse>>, ValidationProblem>> ListByOrder(
        [FromQuery(Name = "order_id")] Guid? orderId, ClaimsPrincipal caller, PaymentStore payments, CancellationToken cancellationToken)
    {
        if (orderId is not { } id)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["order_id"] = ["'order_id' is required."] });
        }
        var visible = (await payments.ListByOrderAsync(id, cancellationToken)).Where(p => caller.MayAccess(p.UserId));
        return TypedResults.Ok<IReadOnlyList<PaymentResponse>>(visible.OrderBy(p => p.CreatedAt).Select(PaymentResponse.From).ToList());
    }
}
