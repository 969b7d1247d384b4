using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Agents;
using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Ledger;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Hosting.Tests.Configuration;

public sealed class OptionsBindingTests
{
    private static T Value<T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;

    [Fact]
    public void Without_configuration_every_options_record_has_the_core_defaults()
    {
        using var services = TestComposition.BuildValidated();
        Assert.Equal(new LiquidityEngineOptions().TradeLookback, Value<LiquidityEngineOptions>(services).TradeLookback);
        Assert.Equal(new ElasticityEngineOptions(), Value<ElasticityEngineOptions>(services));
        Assert.Equal(new HedgeAgentRules(), Value<HedgeAgentRules>(services));
        Assert.Equal(new LiquidityAgentRules(), Value<LiquidityAgentRules>(services));
        Assert.Equal(new SentimentAgentRules(), Value<SentimentAgentRules>(services));
        Assert.Equal(new TradeAgentOptions(), Value<TradeAgentOptions>(services));
        var hedge = Value<HedgeEngineOptions>(services);
        Assert.Same(MarketCalendar.Nyse, hedge.Calendar);
        Assert.Empty(hedge.RelatedChains);
        Assert.Equal(new HedgeEngineOptions() with { RelatedChains = hedge.RelatedChains }, hedge);
        Assert.Equal(new ComposerOptions().Weights, Value<ComposerOptions>(services).Weights);
        Assert.Equal(new SentimentEngineOptions().News.HalfLife, Value<SentimentEngineOptions>(services).News.HalfLife);

        var market = Value<MarketDataOptions>(services);
        Assert.Equal(("synthetic", 7, 0.04), (market.Source, market.Seed, market.RiskFreeRate));
        Assert.Null(Value<HedgeMarketInputs>(services).RiskFreeRate);
        Assert.Null(Value<HedgeMarketInputs>(services).DividendYield);
        Assert.Equal(JsonLinesLedgerStore.DefaultPath(), Value<LedgerOptions>(services).EffectivePath());
        Assert.Empty(Value<SchedulerOptions>(services).Watchlist);
        Assert.Equal(15, Value<SchedulerOptions>(services).IntervalMinutes);
        Assert.Equal(TimeSpan.FromMinutes(10), Value<SweeperOptions>(services).StuckAfter);
    }

    [Fact]
    public void Every_section_binds_its_keys()
    {
        using var services = TestComposition.BuildValidated(new Dictionary<string, string?>
        {
            ["SuperGnosis:MarketData:Seed"] = "11",
            ["SuperGnosis:Engines:Hedge:Greeks"] = "Recompute",
            ["SuperGnosis:Engines:Hedge:RelatedChains:0:Symbol"] = "QQQ",
            ["SuperGnosis:Engines:Hedge:RelatedChains:0:Weight"] = "0.5",
            ["SuperGnosis:Engines:Liquidity:KyleInterval"] = "00:10:00",
            ["SuperGnosis:Engines:Sentiment:News:HalfLife"] = "06:00:00",
            ["SuperGnosis:Engines:Elasticity:WallWeight"] = "0.7",
            ["SuperGnosis:Agents:Hedge:HorizonDays"] = "3",
            ["SuperGnosis:Agents:Composer:Weights:primary_hedge"] = "0.5",
            ["SuperGnosis:Trade:MaxIdeas"] = "2",
            ["SuperGnosis:Scheduler:Watchlist:0"] = "SPY",
            ["SuperGnosis:Scheduler:Watchlist:1"] = "BRK.B",
            ["SuperGnosis:Sweeper:MaxRedrives"] = "5",
        });
        Assert.Equal(11, Value<MarketDataOptions>(services).Seed);
        var hedge = Value<HedgeEngineOptions>(services);
        Assert.Equal(GreeksSource.Recompute, hedge.Greeks);
        Assert.Equal(new RelatedChain("QQQ", 0.5), Assert.Single(hedge.RelatedChains));
        Assert.Equal(TimeSpan.FromMinutes(10), Value<LiquidityEngineOptions>(services).KyleInterval);
        Assert.Equal(TimeSpan.FromHours(6), Value<SentimentEngineOptions>(services).News.HalfLife);
        Assert.Equal(0.7, Value<ElasticityEngineOptions>(services).WallWeight);
        Assert.Equal(3, Value<HedgeAgentRules>(services).HorizonDays);
        var weights = Value<ComposerOptions>(services).Weights;
        Assert.Equal(0.5, weights["primary_hedge"]);
        Assert.Equal(0.3, weights["primary_liquidity"]);
        Assert.Equal(2, Value<TradeAgentOptions>(services).MaxIdeas);
        Assert.Equal(["SPY", "BRK.B"], Value<SchedulerOptions>(services).Watchlist);
        Assert.Equal(5, Value<SweeperOptions>(services).MaxRedrives);
    }

    [Fact]
    public void The_hedge_engine_takes_rate_and_yield_from_the_source_unless_overridden()
    {
        using (var services = TestComposition.BuildValidated(TestComposition.NoLedger()))
        {
            var options = services.GetRequiredService<HedgeEngineBySymbol>().OptionsFor("SPY");
            Assert.Equal(0.04, options.RiskFreeRate);
            Assert.Equal(0.013, options.DividendYield);
        }
        var overridden = TestComposition.NoLedger();
        overridden["SuperGnosis:Engines:Hedge:RiskFreeRate"] = "0.05";
        overridden["SuperGnosis:Engines:Hedge:DividendYield"] = "0";
        using (var services = TestComposition.BuildValidated(overridden))
        {
            var options = services.GetRequiredService<HedgeEngineBySymbol>().OptionsFor("SPY");
            Assert.Equal(0.05, options.RiskFreeRate);
            Assert.Equal(0, options.DividendYield);
        }
    }
}
