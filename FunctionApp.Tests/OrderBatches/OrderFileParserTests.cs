using FunctionApp.OrderBatches;

namespace FunctionApp.Tests.OrderBatches;

public sealed class OrderFileParserTests
{
    private const string Header = "orderRef,customerEmail,customerName,sku,quantity,unitPrice";

    private static ParsedOrderFile Csv(params string[] lines) => OrderFileParser.Parse(new StringReader(string.Join("\n", lines)), OrderFileFormat.Csv);

    private static ParsedOrderFile JsonLines(params string[] lines) => OrderFileParser.Parse(new StringReader(string.Join("\r\n", lines)), OrderFileFormat.JsonLines);

    [Fact]
    public void Csv_rows_with_the_same_order_ref_make_one_order_with_their_lines_in_file_order()
    {
        var parsed = Csv(
            Header,
            "A-1,ann@example.com,Ann,SKU-1,2,9.50",
            "B-1,bob@example.com,Bob,SKU-2,1,3",
            "A-1,ANN@example.com,Ann,SKU-3,5,0.25");

        Assert.Equal(3, parsed.Lines);
        Assert.Empty(parsed.Refused);
        Assert.Collection(parsed.Orders,
            a =>
            {
                Assert.Equal("A-1", a.OrderRef);
                Assert.Equal([2, 4], a.Lines);
                Assert.Equal(["SKU-1", "SKU-3"], a.Order.Lines.Select(l => l.Sku));
                Assert.Equal(19m + 1.25m, a.Order.Total);
                Assert.Equal("ann@example.com", a.Order.Customer.Email);
            },
            b => Assert.Equal([3], b.Lines));
    }

    [Fact]
    public void Columns_may_come_in_any_order_and_case_with_extra_columns_and_quoted_fields()
    {
        var parsed = Csv(
            "SKU,Note,unitprice,QUANTITY,customerName,customerEmail,orderref",
            "SKU-1,\"a note, with a comma\",12.5,3,\"Smith, \"\"Ann\"\"\",ann@example.com,R-7");

        var order = Assert.Single(parsed.Orders);
        Assert.Equal("Smith, \"Ann\"", order.Order.Customer.Name);
        Assert.Equal(new FunctionApp.Orders.OrderLine("SKU-1", 3, 12.5m), Assert.Single(order.Order.Lines));
    }

    [Fact]
    public void A_bad_line_is_refused_with_its_reasons_and_its_orders_other_lines_are_rejected_not_placed()
    {
        var parsed = Csv(
            Header,
            "A-1,ann@example.com,Ann,SKU-1,2,9.50",
            "A-1,ann@example.com,Ann,SKU 2,zero,1",
            "",
            "B-1,not-an-email,Bob,SKU-2,1,3",
            "C-1,cy@example.com,Cy,SKU-3,1,1");

        Assert.Equal(4, parsed.Lines);
        Assert.Equal("C-1", Assert.Single(parsed.Orders).OrderRef);
        Assert.Collection(parsed.Refused,
            l => Assert.Equal((2, "A-1", LineOutcomes.Rejected), (l.Line, l.OrderRef, l.Outcome)),
            l =>
            {
                Assert.Equal((3, "A-1", LineOutcomes.Invalid), (l.Line, l.OrderRef, l.Outcome));
                Assert.Contains("quantity", l.Detail, StringComparison.Ordinal);
                Assert.Contains("sku", l.Detail, StringComparison.Ordinal);
            },
            l =>
            {
                Assert.Equal((5, "B-1", LineOutcomes.Invalid), (l.Line, l.OrderRef, l.Outcome));
                Assert.Contains("customerEmail", l.Detail, StringComparison.Ordinal);
            });
        Assert.Contains("line(s) 3", parsed.Refused[0].Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A-1,ann@example.com,Ann,SKU-1,2", "field")]
    [InlineData("A-1,ann@example.com,\"Ann,SKU-1,2,1", "quoted")]
    [InlineData(",ann@example.com,Ann,SKU-1,2,1", "orderRef")]
    [InlineData("A/1,ann@example.com,Ann,SKU-1,2,1", "orderRef")]
    [InlineData("A-1,ann@example.com,Ann,SKU-1,-2,1", "quantity")]
    [InlineData("A-1,ann@example.com,Ann,SKU-1,2,\"1,5\"", "unitPrice")]
    [InlineData("A-1,ann@example.com,,SKU-1,2,1", "customerName")]
    public void Malformed_csv_rows_are_invalid_lines_naming_what_is_wrong(string row, string named)
    {
        var parsed = Csv(Header, row, "B-1,bob@example.com,Bob,SKU-2,1,3");

        var refused = Assert.Single(parsed.Refused);
        Assert.Equal(LineOutcomes.Invalid, refused.Outcome);
        Assert.Contains(named, refused.Detail, StringComparison.Ordinal);
        Assert.Equal("B-1", Assert.Single(parsed.Orders).OrderRef);
    }

    [Fact]
    public void Rows_of_one_order_that_disagree_on_the_customer_are_invalid()
    {
        var parsed = Csv(Header, "A-1,ann@example.com,Ann,SKU-1,1,1", "A-1,bob@example.com,Bob,SKU-2,1,1");

        Assert.Empty(parsed.Orders);
        Assert.Equal(LineOutcomes.Invalid, Assert.Single(parsed.Refused, l => l.Line == 3).Outcome);
        Assert.Equal(LineOutcomes.Rejected, Assert.Single(parsed.Refused, l => l.Line == 2).Outcome);
    }

    [Theory]
    [InlineData("")]
    [InlineData("orderRef,customerEmail,sku,quantity,unitPrice")]
    [InlineData("A-1,ann@example.com,Ann,SKU-1,1,1")]
    public void A_csv_file_without_a_proper_header_cannot_be_processed_at_all(string firstLine)
    {
        var parsed = Csv(firstLine, "A-1,ann@example.com,Ann,SKU-1,1,1");

        Assert.NotNull(parsed.FileError);
        Assert.Contains("header", parsed.FileError, StringComparison.Ordinal);
        Assert.Empty(parsed.Orders);
    }

    [Fact]
    public void Json_lines_are_one_order_each_validated_like_the_orders_api()
    {
        var parsed = JsonLines(
            """{"orderRef":"A-1","customer":{"email":"ann@example.com","name":"Ann"},"lines":[{"sku":"SKU-1","quantity":2,"unitPrice":9.5}]}""",
            """{"orderRef":"A-2","customer":{"email":"ann@example.com","name":"Ann"},"lines":[]}""",
            "not json at all",
            """{"orderRef":"A-1","customer":{"email":"ann@example.com","name":"Ann"},"lines":[{"sku":"SKU-1","quantity":1,"unitPrice":1}]}""",
            """{"orderRef":"A-3","customer":{"email":"ann@example.com","name":"Ann"},"lines":[{"sku":"SKU-1","quantity":"2","unitPrice":1}]}""",
            "",
            """{"orderRef":"A-4","customer":{"email":"ann@example.com","name":"Ann"},"lines":[{"sku":"SKU-1","quantity":1,"unitPrice":1}],"extra":1}""");

        Assert.Equal(6, parsed.Lines);
        Assert.Equal([1], Assert.Single(parsed.Orders).Lines);
        Assert.Equal([2, 3, 4, 5, 7], parsed.Refused.Select(l => l.Line));
        Assert.All(parsed.Refused, l => Assert.Equal(LineOutcomes.Invalid, l.Outcome));
        Assert.Contains("lines", parsed.Refused[0].Detail, StringComparison.Ordinal);
        Assert.Contains("line 1 already", parsed.Refused[2].Detail, StringComparison.Ordinal);
        Assert.Contains("quantity", parsed.Refused[3].Detail, StringComparison.Ordinal);
    }
}
