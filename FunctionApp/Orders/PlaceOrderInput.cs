namespace FunctionApp.Orders;

/// <summary>
/// The input of <see cref="PlaceOrderOrchestrator"/> (and of <see cref="OrderWatchOrchestrator"/>, which passes it on).
/// </summary>
/// <param name="Order">The validated order.</param>
/// <param name="CallbackUrl">Where to post the signed final status, if the caller asked for it.</param>
/// <param name="ReportTo">Placed by a batch: the chunk instance to tell how the order came out (<see cref="OrderOutcomeNotice"/>).</param>
internal sealed record PlaceOrderInput(Order Order, string? CallbackUrl = null, string? ReportTo = null);
