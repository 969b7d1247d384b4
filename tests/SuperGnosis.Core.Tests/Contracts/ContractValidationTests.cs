using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Tests.Contracts;

public class ContractValidationTests
{
    [Theory]
    [InlineData("SPY")]
    [InlineData("^SPX")]
    [InlineData("BRK.B")]
    [InlineData("ES/M")]
    public void Accepts_real_tickers(string symbol) => Assert.True(ContractValidation.IsValidSymbol(symbol));

    [Theory]
    [InlineData("")]
    [InlineData("spy")]
    [InlineData("SP Y")]
    [InlineData("$SPY")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ")]
    public void Rejects_malformed_tickers(string symbol) => Assert.False(ContractValidation.IsValidSymbol(symbol));

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.0001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Engine_output_rejects_confidence_outside_unit_interval(double confidence)
    {
        var ex = Assert.Throws<ArgumentException>(() => ContractSamples.Engine(confidence: confidence));
        Assert.Equal("confidence", ex.ParamName);
        Assert.Contains("confidence", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_output_names_the_non_finite_feature()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EngineOutput(EngineKind.Hedge, "SPY", ContractSamples.AsOf,
            new Dictionary<string, double> { ["gamma_pressure"] = double.NaN }, 0.5, null, new Dictionary<string, string>()));
        Assert.Contains("features.gamma_pressure", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_output_rejects_unknown_kind_literal()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EngineOutput((EngineKind)42, "SPY", ContractSamples.AsOf,
            new Dictionary<string, double>(), 0.5, null, new Dictionary<string, string>()));
        Assert.Equal("kind", ex.ParamName);
    }

    [Fact]
    public void Snapshot_rejects_bad_symbol_and_names_field()
    {
        var ex = Assert.Throws<ArgumentException>(() => new StandardSnapshot("spy", ContractSamples.AsOf, null!, null!, null!, null!, null, null!));
        Assert.Equal("symbol", ex.ParamName);
    }

    [Fact]
    public void Option_leg_requires_strike_and_expiry_and_stock_leg_forbids_them()
    {
        Assert.Equal("strike", Assert.Throws<ArgumentException>(() => new TradeLeg(InstrumentType.Call, LegDirection.Buy, 1, null, new DateOnly(2026, 12, 18))).ParamName);
        Assert.Equal("strike", Assert.Throws<ArgumentException>(() => new TradeLeg(InstrumentType.Put, LegDirection.Buy, 1, -5, new DateOnly(2026, 12, 18))).ParamName);
        Assert.Equal("expiry", Assert.Throws<ArgumentException>(() => new TradeLeg(InstrumentType.Put, LegDirection.Sell, 1, 600, null)).ParamName);
        Assert.Equal("strike", Assert.Throws<ArgumentException>(() => new TradeLeg(InstrumentType.Stock, LegDirection.Buy, 100, 600, null)).ParamName);
        Assert.Equal("qty", Assert.Throws<ArgumentException>(() => new TradeLeg(InstrumentType.Stock, LegDirection.Buy, 0, null, null)).ParamName);
        var stock = new TradeLeg(InstrumentType.Stock, LegDirection.Sell, 100, null, null);
        Assert.Equal(-1, stock.Sign);
        Assert.False(stock.IsOption);
    }

    [Fact]
    public void Trade_idea_validates_money_fields_and_legs()
    {
        var good = ContractSamples.Idea();
        Assert.Equal("max_loss", Assert.Throws<ArgumentException>(() => new TradeIdea(good.Id, good.Symbol, good.StrategyType, good.Side, good.Legs,
            good.CostPerUnit, -1, good.MaxProfit, good.BreakevenLevels, null, null, 1, 0.5, "", [])).ParamName);
        Assert.Equal("legs", Assert.Throws<ArgumentException>(() => new TradeIdea(good.Id, good.Symbol, good.StrategyType, good.Side, [],
            good.CostPerUnit, 1, good.MaxProfit, good.BreakevenLevels, null, null, 1, 0.5, "", [])).ParamName);
        var breakeven = Assert.Throws<ArgumentException>(() => new TradeIdea(good.Id, good.Symbol, good.StrategyType, good.Side, good.Legs,
            good.CostPerUnit, 1, good.MaxProfit, [double.NaN], null, null, 1, 0.5, "", []));
        Assert.Contains("breakeven_levels[0]", breakeven.Message, StringComparison.Ordinal);
        Assert.Equal("recommended_units", Assert.Throws<ArgumentException>(() => new TradeIdea(good.Id, good.Symbol, good.StrategyType, good.Side, good.Legs,
            good.CostPerUnit, 1, good.MaxProfit, [], null, null, -1, 0.5, "", [])).ParamName);
    }

    [Fact]
    public void Suggestion_rejects_blank_id_and_out_of_range_confidence()
    {
        Assert.Equal("id", Assert.Throws<ArgumentException>(() => ContractSamples.Suggestion(" ")).ParamName);
        Assert.Equal("confidence", Assert.Throws<ArgumentException>(() => new Suggestion("x", "composer", "SPY", SuggestionAction.Flat, 2, null!, "", null!)).ParamName);
    }

    [Fact]
    public void Contracts_copy_their_inputs_so_later_mutation_cannot_change_them()
    {
        var features = new Dictionary<string, double> { ["a"] = 1 };
        var output = new EngineOutput(EngineKind.Liquidity, "SPY", ContractSamples.AsOf, features, 0.5, null, new Dictionary<string, string>());
        features["a"] = 2;
        features["b"] = 3;
        Assert.Equal(1, output.Features["a"]);
        Assert.Single(output.Features);
    }
}
