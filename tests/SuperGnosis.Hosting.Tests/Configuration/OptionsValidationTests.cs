using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SuperGnosis.Hosting.Tests.Configuration;

/// <summary>Every out-of-range value stops the start with a message naming its configuration key.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("SuperGnosis:Engines:Hedge:RiskFreeRate", "5.0")]
    [InlineData("SuperGnosis:Engines:Hedge:DividendYield", "2")]
    [InlineData("SuperGnosis:Engines:Hedge:ZeroGammaGridPoints", "3")]
    [InlineData("SuperGnosis:Engines:Hedge:VixSymbol", "vix?")]
    [InlineData("SuperGnosis:Engines:Liquidity:ValueAreaShare", "1.5")]
    [InlineData("SuperGnosis:Engines:Liquidity:TradeLookback", "-01:00:00")]
    [InlineData("SuperGnosis:Engines:Sentiment:NewsWeight", "-1")]
    [InlineData("SuperGnosis:Engines:Sentiment:News:HalfLife", "00:00:00")]
    [InlineData("SuperGnosis:Engines:Elasticity:BaselineBars", "0")]
    [InlineData("SuperGnosis:Agents:Hedge:HorizonDays", "0")]
    [InlineData("SuperGnosis:Agents:Liquidity:FadeConfidence", "1.5")]
    [InlineData("SuperGnosis:Agents:Sentiment:MinConfidence", "NaN")]
    [InlineData("SuperGnosis:Agents:Composer:Weights:primary_hedge", "-0.4")]
    [InlineData("SuperGnosis:Trade:RiskFreeRate", "5")]
    [InlineData("SuperGnosis:Trade:RiskFraction", "2")]
    [InlineData("SuperGnosis:Trade:MaxIdeas", "0")]
    [InlineData("SuperGnosis:MarketData:RiskFreeRate", "5")]
    [InlineData("SuperGnosis:Scheduler:IntervalMinutes", "-5")]
    [InlineData("SuperGnosis:Scheduler:Watchlist:0", "spy; drop")]
    [InlineData("SuperGnosis:Scheduler:Schedule", "every 5 minutes")]
    [InlineData("SuperGnosis:Sweeper:StuckAfter", "00:00:10")]
    [InlineData("SuperGnosis:Sweeper:MaxRedrives", "-1")]
    [InlineData("SuperGnosis:Sweeper:Schedule", "* * *")]
    [InlineData("SuperGnosis:Ledger:Kind", "sql")]
    public void A_bad_value_fails_at_start_naming_its_key(string key, string value)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        var ex = Assert.Throws<OptionsValidationException>(() => TestComposition.BuildValidated(settings).Dispose());
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_related_chain_with_a_negative_weight_fails_at_start()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => TestComposition.BuildValidated(new Dictionary<string, string?>
        {
            ["SuperGnosis:Engines:Hedge:RelatedChains:0:Symbol"] = "QQQ",
            ["SuperGnosis:Engines:Hedge:RelatedChains:0:Weight"] = "-1",
        }).Dispose());
        Assert.Contains("SuperGnosis:Engines:Hedge:RelatedChains:0:Weight", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rate_of_five_is_reported_as_out_of_range_with_its_unit()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            TestComposition.BuildValidated(new Dictionary<string, string?> { ["SuperGnosis:Engines:Hedge:RiskFreeRate"] = "5.0" }).Dispose());
        Assert.Contains("SuperGnosis:Engines:Hedge:RiskFreeRate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("0.04 = 4 %", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_market_data_source_names_the_allowed_values()
    {
        var ex = Assert.Throws<OptionsValidationException>(() =>
            TestComposition.BuildValidated(new Dictionary<string, string?> { ["SuperGnosis:MarketData:Source"] = "bloomberg" }).Dispose());
        Assert.Contains("SuperGnosis:MarketData:Source", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'bloomberg'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("allowed values: alpaca, cboe, files, polygon, synthetic, tradier", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_bad_values_are_all_reported()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => TestComposition.BuildValidated(new Dictionary<string, string?>
        {
            ["SuperGnosis:Trade:MinDte"] = "50",
            ["SuperGnosis:Trade:MaxDte"] = "45",
            ["SuperGnosis:Trade:IvCheapRatio"] = "1.5",
        }).Dispose());
        Assert.Contains("SuperGnosis:Trade:TargetDte", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SuperGnosis:Trade:IvCheapRatio", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SuperGnosis:Engines:Hedge:RiskFreeRat", "0.05", "RiskFreeRat")]
    [InlineData("SuperGnosis:Trade:MaxIdea", "2", "MaxIdea")]
    public void A_misspelled_key_fails_at_start(string key, string value, string property)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => TestComposition.BuildValidated(new Dictionary<string, string?> { [key] = value }).Dispose());
        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparsable_value_fails_at_start_naming_its_key()
    {
        var ex = Assert.Throws<InvalidOperationException>(() =>
            TestComposition.BuildValidated(new Dictionary<string, string?> { ["SuperGnosis:Engines:Hedge:Greeks"] = "Magic" }).Dispose());
        Assert.Contains("SuperGnosis:Engines:Hedge:Greeks", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SuperGnosis:Engines:Hedge:MaxDte", "-1")]
    [InlineData("SuperGnosis:Engines:Hedge:MaxDte", "seven")]
    [InlineData("SuperGnosis:Engines:Hedge:Expiries", "Quarterly")]
    public void A_bad_expiry_filter_fails_at_start_naming_its_key(string key, string value)
    {
        var ex = Assert.ThrowsAny<Exception>(() => TestComposition.BuildValidated(new Dictionary<string, string?> { [key] = value }).Dispose());
        Assert.True(ex is OptionsValidationException or InvalidOperationException, ex.GetType().Name);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expiry_filter_binds_into_the_hedge_options()
    {
        using var provider = TestComposition.BuildValidated(new Dictionary<string, string?>
        {
            ["SuperGnosis:Engines:Hedge:Expiries"] = "ZeroDte",
            ["SuperGnosis:Engines:Hedge:MaxDte"] = "0",
        });
        var options = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IOptions<SuperGnosis.Core.Engines.Hedge.HedgeEngineOptions>>(provider).Value;
        Assert.Equal(SuperGnosis.Core.Engines.Hedge.ExpirySelection.ZeroDte, options.Expiries);
        Assert.Equal(0, options.MaxDte);
    }

    [Fact]
    public void The_defaults_start_with_the_documented_values()
    {
        using var provider = TestComposition.BuildValidated();
        var market = provider.GetRequiredService<IOptions<SuperGnosis.Hosting.Configuration.MarketDataOptions>>().Value;
        Assert.Equal("synthetic", market.Source);
        Assert.Equal(7, market.Seed);
        Assert.True(market.Capture);
        Assert.Equal(SuperGnosis.Hosting.Configuration.LedgerOptions.JsonLinesKind,
            provider.GetRequiredService<IOptions<SuperGnosis.Hosting.Configuration.LedgerOptions>>().Value.Kind);
        Assert.Equal("memory", provider.GetRequiredService<IOptions<SuperGnosis.Hosting.Configuration.RunStateOptions>>().Value.Kind);
    }
}
