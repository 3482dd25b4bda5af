using System.Net.Mail;
using System.Text.RegularExpressions;

namespace FunctionApp.Orders;

/// <summary>Checks an order request field by field; every problem is reported at once, keyed by its JSON path.</summary>
internal static partial class OrderValidation
{
    public const int MaxLines = 100;
    public const int MaxQuantity = 100_000;
    public const decimal MaxUnitPrice = 1_000_000m;

    public static (Order? Order, Dictionary<string, string[]> Errors) Validate(PlaceOrderRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string path, string message) => errors[path] = [message];

        if (request.Customer is null)
        {
            Fail("customer", "The customer is required.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(request.Customer.Email))
            {
                Fail("customer.email", "The customer's email is required.");
            }
            else if (!IsEmail(request.Customer.Email))
            {
                Fail("customer.email", "The customer's email is not a valid address.");
            }

            if (string.IsNullOrWhiteSpace(request.Customer.Name))
            {
                Fail("customer.name", "The customer's name is required.");
            }
            else if (request.Customer.Name.Length > 200)
            {
                Fail("customer.name", "The customer's name may be at most 200 characters.");
            }
        }

        if (request.Lines is null || request.Lines.Count == 0)
        {
            Fail("lines", "At least one line is required.");
        }
        else if (request.Lines.Count > MaxLines)
        {
            Fail("lines", $"At most {MaxLines} lines are allowed.");
        }
        else
        {
            for (var i = 0; i < request.Lines.Count; i++)
            {
                var line = request.Lines[i];
                if (line is null)
                {
                    Fail($"lines[{i}]", "A line may not be null.");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(line.Sku) || !SkuPattern().IsMatch(line.Sku))
                {
                    Fail($"lines[{i}].sku", "The SKU is required: 1 to 64 letters, digits, '-', '_' or '.'.");
                }

                if (line.Quantity is null or < 1 or > MaxQuantity)
                {
                    Fail($"lines[{i}].quantity", $"The quantity must be a whole number from 1 to {MaxQuantity}.");
                }

                if (line.UnitPrice is null or < 0 or > MaxUnitPrice)
                {
                    Fail($"lines[{i}].unitPrice", $"The unit price must be a number from 0 to {MaxUnitPrice}.");
                }
                else if (decimal.Round(line.UnitPrice.Value, 4) != line.UnitPrice.Value)
                {
                    Fail($"lines[{i}].unitPrice", "The unit price may have at most 4 decimal places.");
                }
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var order = new Order(
            new Customer(request.Customer!.Email!.Trim(), request.Customer.Name!.Trim()),
            request.Lines!.Select(l => new OrderLine(l!.Sku!, l.Quantity!.Value, l.UnitPrice!.Value)).ToList());
        return (order, errors);
    }

    private static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim() && address.Host.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex SkuPattern();
}
