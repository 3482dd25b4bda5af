using System.Text.Json.Serialization;

namespace FunctionApp.Orders;

/// <summary>A validated order: the input of the <see cref="PlaceOrderOrchestrator"/>.</summary>
internal sealed record Order(Customer Customer, IReadOnlyList<OrderLine> Lines)
{
    [JsonIgnore]
    public decimal Total => Lines.Sum(l => l.Quantity * l.UnitPrice);
}

/// <summary>Who ordered.</summary>
internal sealed record Customer(string Email, string Name);

/// <summary>One line of an order.</summary>
internal sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice)
{
    [JsonIgnore]
    public decimal Amount => Quantity * UnitPrice;
}
