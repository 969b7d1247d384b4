using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Backtesting;
using SuperGnosis.Data.Synthetic;
using SuperGnosis.Hosting.Backtesting;
using SuperGnosis.Hosting.MarketData;

namespace SuperGnosis.Hosting.Tests.Backtesting;

public sealed class BacktestCompositionTests
{
    [Fact]
    public void Backtest_settings_bind_and_unset_rates_come_from_the_source()
    {
        var settings = TestComposition.NoLedger();
        settings["SuperGnosis:Backtest:FillPrice"] = "Mid";
        settings["SuperGnosis:Backtest:SlippagePerShare"] = "0.02";
        settings["SuperGnosis:Backtest:ExitDte"] = "0";
        using var services = TestComposition.BuildValidated(settings);
        var factory = services.GetRequiredService<BacktestRunnerFactory>();
        var options = factory.OptionsFor("SPY");
        Assert.Equal((FillPrice.Mid, 0.02, 0.0), (options.FillPrice, options.SlippagePerShare, options.ExitDte));
        var market = (SyntheticMarket)services.GetRequiredService<MarketDataSources>().Market;
        Assert.Equal(market.Options.RiskFreeRate, options.RiskFreeRate);
        Assert.Equal(market.ProfileOf("SPY").DividendYield, options.DividendYield);
        Assert.True(options.DividendYield > 0); // SPY's profile pays a dividend: the source's value, not the default 0
        var runner = factory.Create("SPY", ledger: null, o => o with { Interval = BacktestInterval.ThirtyMinutes });
        Assert.Equal(("SPY", BacktestInterval.ThirtyMinutes, FillPrice.Mid), (runner.Symbol, runner.Options.Interval, runner.Options.FillPrice));
    }

    [Fact]
    public void A_bad_backtest_setting_fails_at_start_naming_its_key()
    {
        var settings = TestComposition.NoLedger();
        settings["SuperGnosis:Backtest:SlippageSpreadFraction"] = "2";
        settings["SuperGnosis:Backtest:ExitDte"] = "-1";
        var error = Assert.Throws<OptionsValidationException>(() => TestComposition.BuildValidated(settings));
        Assert.Contains(error.Failures, f => f.Contains("SuperGnosis:Backtest:SlippageSpreadFraction", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("SuperGnosis:Backtest:ExitDte", StringComparison.Ordinal));
    }
}
