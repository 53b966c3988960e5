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

internal sealed class OrderTransitionRequestValidator : AbstractValidator<OrderTransitionRequest>
{
    public OrderTransitionRequestValidator()
    {
        RuleFor(r => r.Reason).MaximumLength(200).PlainText();
    }
}
