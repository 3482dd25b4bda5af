namespace FunctionApp.Orders;

/// <summary>
/// The input of <see cref="PlaceOrderOrchestrator"/> (and of <see cref="OrderCallbacksOrchestrator"/>, which passes it on).
/// </summary>
/// <param name="Order">The validated order.</param>
/// <param name="CallbackUrl">Where to post the signed final status, if the caller asked for it.</param>
/// <param name="TellParentWhenBackOrdered">Placed by a batch: tell the parent when the order is back-ordered, so it need not wait days for the restock.</param>
internal sealed record PlaceOrderInput(Order Order, string? CallbackUrl = null, bool TellParentWhenBackOrdered = false);
