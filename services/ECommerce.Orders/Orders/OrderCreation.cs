namespace ECommerce.Orders.Orders;

/// <summary>What became of a new order's write.</summary>
public enum OrderCreation
{
    Created,

    /// <summary>The request's claim on its Idempotency-Key was taken over by a retry: the retry's answer counts.</summary>
    Superseded,

    /// <summary>The order id was given up (the placement ran past its bound, or its write failed): nothing can be stored under it.</summary>
    Abandoned,
}
