using ECommerce.Contracts.Orders;
using ECommerce.ServiceDefaults;
using ECommerce.ServiceDefaults.Authentication;
using ECommerce.ServiceDefaults.Http;
using FluentValidation;

namespace ECommerce.Orders.Orders;

/// <summary>
/// The saga's other participants (payments) inside the cluster; the gateway never routes <c>/internal</c>.
/// Confirm and cancel are idempotent: asking twice has one effect.
/// </summary>
public static class InternalOrdersApi
{
    public static RouteGroupBuilder MapInternalOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/orders").WithTags("Internal").ExcludeFromDescription()
            .RequireInternalCaller(ResourceNames.Payments);
        api.MapGet("/{id:guid}", async (Guid id, OrderStore orders, CancellationToken ct) =>
            await orders.FindAsync(id, ct) is { } order ? Results.Ok(OrderResponse.From(order)) : Results.NotFound());
        api.MapPost("/{id:guid}/confirm", async (Guid id, ConfirmOrderRequest request, OrderTransitions transitions, CancellationToken ct) =>
            OrdersApi.ToResult(await transitions.ConfirmAsync(id, new OrderPayment(request.PaymentId, request.CardLast4!, request.TransactionId, request.PaidAt), ct)))
            .WithValidation<ConfirmOrderRequest>();
        api.MapPost("/{id:guid}/cancel", async (Guid id, OrderTransitionRequest request, OrderTransitions transitions, CancellationToken ct) =>
            OrdersApi.ToResult(await transitions.CancelAsync(id, request.Reason ?? "cancelled", ct)))
            .WithValidation<OrderTransitionRequest>();
        api.MapPost("/{id:guid}/refunds", async (Guid id, RecordRefundRequest request, OrderTransitions transitions, CancellationToken ct) =>
            OrdersApi.ToResult(await transitions.RecordRefundAsync(id,
                new OrderRefund(request.PaymentId, request.RefundId!, request.Amount, request.RefundedAt, request.Reason!), ct)))
            .WithValidation<RecordRefundRequest>();
        return api;
    }
}

internal sealed class ConfirmOrderRequestValidator : AbstractValidator<ConfirmOrderRequest>
{
    public ConfirmOrderRequestValidator()
    {
        RuleFor(r => r.PaymentId).NotEmpty();
        RuleFor(r => r.CardLast4).NotEmpty().Matches("^[0-9]{4}$");
        RuleFor(r => r.TransactionId).MaximumLength(100).PlainText();
        RuleFor(r => r.PaidAt).NotEmpty();
    }
}

internal sealed class RecordRefundRequestValidator : AbstractValidator<RecordRefundRequest>
{
    public RecordRefundRequestValidator()
    {
        RuleFor(r => r.PaymentId).NotEmpty();
        RuleFor(r => r.RefundId).NotEmpty().MaximumLength(100).PlainText();
        RuleFor(r => r.Amount).GreaterThan(0);
        RuleFor(r => r.RefundedAt).NotEmpty();
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(200).PlainText();
    }
}

internal sealed class OrderTransitionRequestValidator : AbstractValidator<OrderTransitionRequest>
{
    public OrderTransitionRequestValidator()
    {
        RuleFor(r => r.Reason).MaximumLength(200).PlainText();
    }
}
