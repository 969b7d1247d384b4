using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Hosting.Tests.Pipeline;

public sealed class CanonicalSettingsTests
{
    [Fact]
    public void Equal_settings_give_equal_text_and_any_change_changes_it()
    {
        var text = CanonicalSettings.Of(new HedgeEngineOptions());
        Assert.Equal(text, CanonicalSettings.Of(new HedgeEngineOptions()));
        Assert.NotEqual(text, CanonicalSettings.Of(new HedgeEngineOptions { RiskFreeRate = 0.0400001 }));
        Assert.NotEqual(text, CanonicalSettings.Of(new HedgeEngineOptions { Greeks = GreeksSource.Recompute }));
        Assert.NotEqual(text, CanonicalSettings.Of(new HedgeEngineOptions { RelatedChains = [new RelatedChain("QQQ", 0.5)] }));
        Assert.Contains("RiskFreeRate=0.04;", text, StringComparison.Ordinal);
        Assert.Contains("Calendar=SuperGnosis.Core.MarketData.MarketCalendar(2000-01-01..2050-12-31);", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Dictionaries_are_written_in_key_order_and_nested_records_in_full()
    {
        var a = new ComposerOptions { Weights = new Dictionary<string, double> { ["b"] = 1, ["a"] = 2 } };
        var b = new ComposerOptions { Weights = new Dictionary<string, double> { ["a"] = 2, ["b"] = 1 } };
        Assert.Equal(CanonicalSettings.Of(a), CanonicalSettings.Of(b));
        Assert.Contains("Weights=[\"a\":2,\"b\":1,];", CanonicalSettings.Of(a), StringComparison.Ordinal);
        var news = new SentimentEngineOptions { News = new NewsAggregationOptions { HalfLife = TimeSpan.FromHours(6) } };
        Assert.Contains("HalfLife=06:00:00;", CanonicalSettings.Of(news), StringComparison.Ordinal);
        Assert.NotEqual(CanonicalSettings.Of(new SentimentEngineOptions()), CanonicalSettings.Of(news));
    }
}
