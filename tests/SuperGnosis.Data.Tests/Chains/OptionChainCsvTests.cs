using System.Globalization;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Data.Tests.Chains;

public sealed class OptionChainCsvTests
{
    private static readonly DateTimeOffset AsOf = new(2024, 1, 2, 15, 0, 0, TimeSpan.Zero);

    private static ChainFileResult Read(string csv) => OptionChainCsv.Read(new StringReader(csv), AsOf);

    [Fact]
    public void Reads_seed_columns_in_any_order_with_quoting_and_ignores_extra_columns()
    {
        const string csv =
            "Open_Interest,TYPE,strike,expiry,note,underlying_price,symbol,mid_price,bid,ask,volume,delta,gamma,vega,theta,vanna,charm,iv\n" +
            "1200,C,470,2024-01-19,\"wide, then \"\"tight\"\"\",471.5,spy,3.05,3.0,3.1,55,0.52,0.031,52.1,-40.2,0.11,-0.9,0.14\n" +
            "800,put,465.5,2024-01-19,,471.7,SPY,1.5,1.45,1.55,20,-0.31,0.025,48,-35,-0.2,0.4,0.15\n" +
            "10,Call,480,2024-02-16,x,471.6,\"SPY\",,,,,,,,,,,\n";

        var result = Read(csv);

        Assert.Empty(result.Skipped);
        Assert.Equal(0, result.MalformedCells);
        Assert.Null(result.FileTimestamp);
        var chain = result.Chain;
        Assert.Equal("SPY", chain.Symbol);
        Assert.Equal(AsOf, chain.AsOf);
        Assert.Equal(471.6, chain.UnderlyingPrice); // median of 471.5, 471.7, 471.6
        Assert.Equal(3, chain.Quotes.Length);

        var c = chain.Quotes[0];
        Assert.Equal(new OptionQuote(new DateOnly(2024, 1, 19), 470, OptionRight.Call, 3.0, 3.1, 3.05, 55, 1200, 0.14, 0.52, 0.031, 52.1, -40.2, 0.11, -0.9,
            null, ExerciseStyle.American, OptionSettlement.Pm), c); // no contract-term columns: style from the symbol, PM, no root
        var p = chain.Quotes[1];
        Assert.Equal(OptionRight.Put, p.Right);
        Assert.Equal(465.5, p.Strike);
        Assert.Equal(800, p.OpenInterest);
        Assert.Equal(-0.2, p.Vanna);

        var empty = chain.Quotes[2];
        Assert.Equal(OptionRight.Call, empty.Right);
        Assert.Equal(new DateOnly(2024, 2, 16), empty.Expiry);
        Assert.True(double.IsNaN(empty.Bid) && double.IsNaN(empty.Mid) && double.IsNaN(empty.Gamma) && double.IsNaN(empty.ImpliedVol));
    }

    [Fact]
    public void Iv_column_is_optional()
    {
        var result = Read("symbol,underlying_price,expiry,strike,type,open_interest,gamma\nQQQ,400,2024-01-19,400,P,10,0.02\n");

        var q = Assert.Single(result.Chain.Quotes);
        Assert.True(double.IsNaN(q.ImpliedVol));
        Assert.Equal(0.02, q.Gamma);
        Assert.Equal("QQQ", result.Chain.Symbol);
    }

    [Fact]
    public void Malformed_numbers_become_NaN_and_are_counted_while_the_row_is_kept()
    {
        const string csv =
            "symbol,underlying_price,expiry,strike,type,open_interest,gamma,vanna,charm,bid,ask\n" +
            "SPY,470,2024-01-19,470,C,abc,0.03,0.1,0.2,1,1.1\n" +
            "SPY,470,2024-01-19,1O0,P,50,0.0x3,0.1,0.2,1,1.1\n" +
            "SPY,470,2024-01-19,475,C,50,0.03,,0.2,1,1.1\n";

        var result = Read(csv);

        Assert.Equal(3, result.MalformedCells); // "abc", "1O0", "0.0x3"; the empty vanna is a missing value, not malformed
        Assert.Equal(3, result.Chain.Quotes.Length);
        Assert.True(double.IsNaN(result.Chain.Quotes[0].OpenInterest));
        Assert.True(double.IsNaN(result.Chain.Quotes[1].Strike));
        Assert.True(double.IsNaN(result.Chain.Quotes[1].Gamma));
        Assert.True(double.IsNaN(result.Chain.Quotes[2].Vanna));
        Assert.Empty(result.Skipped);

        // The engine's hygiene counts the two rows with a non-finite strike or open interest.
        var analysis = new HedgeEngine(new SyntheticMarket(), new HedgeEngineOptions { Greeks = GreeksSource.Provider })
            .Analyze("SPY", AsOf, result.Chain);
        Assert.Equal("3", analysis.Output.Metadata["rows_in"]);
        Assert.Equal("2", analysis.Output.Metadata["dropped_non_finite"]);
        Assert.Equal("1", analysis.Output.Metadata["rows_used"]);
    }

    [Fact]
    public void Rows_with_unreadable_type_expiry_or_another_symbol_are_skipped_with_their_line_numbers()
    {
        const string csv =
            "symbol,underlying_price,expiry,strike,type,open_interest\n" +
            "SPY,470,2024-01-19,470,C,10\n" +
            "SPY,470,2024-01-19,470,X,10\n" +
            "SPY,470,19/01/2024,470,P,10\n" +
            "\n" +
            "SPY,470,2024-02-30,470,P,10\n" +
            "QQQ,470,2024-01-19,475,P,10\n" +
            "SPY,470,2024-01-19,480,put,10\n";

        var result = Read(csv);

        Assert.Equal([3, 4, 6, 7], result.Skipped.Select(s => s.Row));
        Assert.Contains("'X'", result.Skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("19/01/2024", result.Skipped[1].Reason, StringComparison.Ordinal);
        Assert.Contains("2024-02-30", result.Skipped[2].Reason, StringComparison.Ordinal);
        Assert.Contains("QQQ", result.Skipped[3].Reason, StringComparison.Ordinal);
        Assert.Equal([470.0, 480.0], result.Chain.Quotes.Select(q => q.Strike));
    }

    [Fact]
    public void Line_numbers_count_newlines_inside_quoted_fields()
    {
        const string csv = "note,underlying_price,expiry,strike,type,open_interest\n\"two\nlines\",470,2024-01-19,470,C,1\nx,470,2024-01-19,470,Z,1\n";

        var skipped = Assert.Single(Read(csv).Skipped);

        Assert.Equal(4, skipped.Row);
    }

    [Fact]
    public void Missing_required_columns_are_named_in_the_error()
    {
        var ex = Assert.Throws<FormatException>(() => Read("symbol,underlying_price,expiry,strike,gamma\nSPY,1,2024-01-19,1,0.1\n"));

        Assert.Contains("type", ex.Message, StringComparison.Ordinal);
        Assert.Contains("open_interest", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("strike,", ex.Message.Split(':')[1].Split('(')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        Assert.Throws<FormatException>(() => Read(string.Empty));
    }

    [Fact]
    public void No_usable_spot_gives_NaN()
    {
        var result = Read("underlying_price,expiry,strike,type,open_interest\n,2024-01-19,470,C,1\n-3,2024-01-19,470,P,1\n");

        Assert.True(double.IsNaN(result.Chain.UnderlyingPrice));
        Assert.Equal(string.Empty, result.Chain.Symbol);
    }

    [Fact]
    public async Task Write_then_read_round_trips_a_synthetic_chain_exactly()
    {
        var asOf = new DateTimeOffset(2024, 3, 6, 15, 0, 0, TimeSpan.Zero);
        var chain = await new SyntheticMarket().GetChainAsync("SPY", asOf, CancellationToken.None);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        OptionChainCsv.Write(chain, writer);
        var text = writer.ToString();

        Assert.StartsWith("symbol,underlying_price,expiry,dte,strike,type,mid_price,bid,ask,volume,open_interest,delta,gamma,vega,theta,vanna,charm,iv,root,exercise_style,settlement\n", text, StringComparison.Ordinal);
        var back = OptionChainCsv.Read(new StringReader(text), asOf);

        Assert.Empty(back.Skipped);
        Assert.Equal(0, back.MalformedCells);
        Assert.Equal(chain.Symbol, back.Chain.Symbol);
        Assert.Equal(chain.UnderlyingPrice, back.Chain.UnderlyingPrice);
        Assert.True(chain.Quotes.Length > 100);
        Assert.Equal(chain.Quotes.Length, back.Chain.Quotes.Length);
        for (var i = 0; i < chain.Quotes.Length; i++)
        {
            Assert.Equal(chain.Quotes[i], back.Chain.Quotes[i]); // record equality: NaN equals NaN under double.Equals
        }
    }

    [Fact]
    public void Contract_term_columns_round_trip_and_default_from_the_root()
    {
        var chain = new OptionChain("SPX", AsOf, 4700,
        [
            new OptionQuote(new DateOnly(2024, 1, 19), 4700, OptionRight.Call, 45, 46, 45.5, 10, 3000, 0.125, double.NaN, double.NaN, double.NaN,
                double.NaN, double.NaN, double.NaN, "SPX", ExerciseStyle.European, OptionSettlement.Am),
            new OptionQuote(new DateOnly(2024, 1, 19), 4700, OptionRight.Call, 45.2, 46.2, 45.7, 5, 1000, 0.126, double.NaN, double.NaN, double.NaN,
                double.NaN, double.NaN, double.NaN, "SPXW", ExerciseStyle.European, OptionSettlement.Pm),
        ]);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        OptionChainCsv.Write(chain, writer);
        Assert.Contains(",SPX,european,am\n", writer.ToString(), StringComparison.Ordinal);
        var back = Read(writer.ToString());
        Assert.Empty(back.Skipped);
        Assert.Equal(chain.Quotes.ToArray(), back.Chain.Quotes.ToArray());

        // Absent or empty columns: the root decides; without a root the symbol gives the style and the settlement is
        // PM (SPX lists AM and PM contracts); an explicit value wins.
        const string csv = "symbol,underlying_price,expiry,strike,type,open_interest,root,exercise_style,settlement\n" +
            "SPX,4700,2024-01-19,4700,C,10,SPX,,\n" +
            "SPX,4700,2024-01-19,4700,C,10,spxw,,\n" +
            "SPX,4700,2024-01-19,4700,C,10,SPXW,American,AM\n";
        var quotes = Read(csv).Chain.Quotes;
        Assert.Equal(("SPX", ExerciseStyle.European, OptionSettlement.Am), (quotes[0].Root, quotes[0].ExerciseStyle, quotes[0].Settlement));
        Assert.Equal(("SPXW", ExerciseStyle.European, OptionSettlement.Pm), (quotes[1].Root, quotes[1].ExerciseStyle, quotes[1].Settlement));
        Assert.Equal(("SPXW", ExerciseStyle.American, OptionSettlement.Am), (quotes[2].Root, quotes[2].ExerciseStyle, quotes[2].Settlement));
        var spy = Read("symbol,underlying_price,expiry,strike,type,open_interest\nQQQ,400,2024-01-19,400,P,10\n").Chain.Quotes[0];
        Assert.Equal(((string?)null, ExerciseStyle.American, OptionSettlement.Pm), (spy.Root, spy.ExerciseStyle, spy.Settlement));
        var spx = Read("symbol,underlying_price,expiry,strike,type,open_interest\nSPX,4700,2024-01-19,4700,C,10\n").Chain.Quotes[0];
        Assert.Equal(((string?)null, ExerciseStyle.European, OptionSettlement.Pm), (spx.Root, spx.ExerciseStyle, spx.Settlement));
    }

    [Theory]
    [InlineData("SPX,4700,2024-01-19,4700,C,10,SPX,bermudan,", "exercise_style 'bermudan' is not american or european")]
    [InlineData("SPX,4700,2024-01-19,4700,C,10,SPX,,noon", "settlement 'noon' is not am or pm")]
    [InlineData("SPX,4700,2024-01-19,4700,C,10,SP-X,,", "root 'SP-X' is not an OCC root")]
    public void Invalid_contract_terms_are_row_errors(string row, string reason)
    {
        var result = Read("symbol,underlying_price,expiry,strike,type,open_interest,root,exercise_style,settlement\n" + row + "\n" +
            "SPX,4700,2024-01-19,4800,C,10,SPX,european,am\n");
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(2, skipped.Row);
        Assert.StartsWith(reason, skipped.Reason, StringComparison.Ordinal);
        Assert.Single(result.Chain.Quotes);
    }
}
