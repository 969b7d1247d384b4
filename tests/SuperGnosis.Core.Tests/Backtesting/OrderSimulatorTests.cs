using System.Collections.Immutable;
using SuperGnosis.Core.Backtesting;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Tests.Backtesting;

public sealed class OrderSimulatorTests
{
    private static readonly DateOnly Expiry = new(2024, 3, 15);
    private static readonly DateTimeOffset AsOf = new(2024, 2, 14, 21, 0, 0, TimeSpan.Zero);

    internal static OptionQuote Quote(double strike, OptionRight right, double bid, double ask, DateOnly? expiry = null, double iv = 0.2) =>
        new(expiry ?? Expiry, strike, right, bid, ask, 0.5 * (bid + ask), 100, 1000, iv, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    internal static OptionChain Chain(double spot, params OptionQuote[] quotes) => new("SPY", AsOf, spot, [.. quotes]);

    private static OrderSimulator Simulator(FillPrice price = FillPrice.Natural, double perShare = 0, double spreadFraction = 0, bool fees = false) =>
        OrderSimulator.From(new BacktestOptions { FillPrice = price, SlippagePerShare = perShare, SlippageSpreadFraction = spreadFraction, ChargeFees = fees });

    private static TradeLeg Call(double strike, LegDirection direction = LegDirection.Buy, int qty = 1) => new(InstrumentType.Call, direction, qty, strike, Expiry);

    [Fact]
    public void A_long_call_fills_at_the_ask_times_the_multiplier_with_fees_of_the_first_tier()
    {
        var chain = Chain(100, Quote(100, OptionRight.Call, 3.00, 3.20));
        var fill = Simulator(fees: true).Fill("SPY", [new OrderLeg(Call(100), LegDirection.Buy, 2)], chain, 0);

        Assert.True(fill.Filled);
        Assert.Equal(3.20, fill.Legs[0].Price, 12);
        Assert.Equal(-640.0, fill.CashFlow, 9); // 2 contracts x 100 shares x 3.20 paid
        // Broker: 2 x 0.65 = 1.30 (above the 1.00 minimum); pass-through 2 x 0.04685.
        Assert.Equal(1.30 + (2 * 0.04685), fill.Fees, 12);
        Assert.Equal(2, fill.Contracts);
    }

    [Fact]
    public void Mid_fills_with_slippage_move_against_the_trader_on_both_sides()
    {
        var chain = Chain(100, Quote(100, OptionRight.Call, 3.00, 3.20), Quote(105, OptionRight.Call, 1.00, 1.20));
        // slippage = 0.02 per share + 0.5 x spread 0.20 = 0.12
        var sim = Simulator(FillPrice.Mid, perShare: 0.02, spreadFraction: 0.5);
        var fill = sim.Fill("SPY", [new OrderLeg(Call(100), LegDirection.Buy, 1), new OrderLeg(Call(105, LegDirection.Sell), LegDirection.Sell, 1)], chain, 0);

        Assert.True(fill.Filled);
        Assert.Equal(3.10 + 0.12, fill.Legs[0].Price, 12);
        Assert.Equal(1.10 - 0.12, fill.Legs[1].Price, 12);
        Assert.Equal(-(3.22 - 0.98) * 100, fill.CashFlow, 9);
        Assert.Equal(0, fill.Fees);
    }

    [Fact]
    public void A_multi_leg_order_fills_all_legs_or_none()
    {
        var chain = Chain(100, Quote(100, OptionRight.Call, 3.00, 3.20), Quote(105, OptionRight.Call, 0, 0)); // the short leg has no market
        var fill = Simulator().Fill("SPY", [new OrderLeg(Call(100), LegDirection.Buy, 1), new OrderLeg(Call(105, LegDirection.Sell), LegDirection.Sell, 1)], chain, 0);
        Assert.False(fill.Filled);
        Assert.Empty(fill.Legs);
        Assert.Equal(0, fill.CashFlow);
        Assert.Contains("105", fill.Reason, StringComparison.Ordinal);

        var missing = Simulator().Fill("SPY", [new OrderLeg(Call(100), LegDirection.Buy, 1), new OrderLeg(Call(110, LegDirection.Sell), LegDirection.Sell, 1)], chain, 0);
        Assert.False(missing.Filled);
        Assert.Contains("no quote", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Selling_a_contract_with_a_zero_bid_fills_at_zero_but_buying_needs_an_ask()
    {
        var chain = Chain(100, Quote(120, OptionRight.Call, 0, 0.05));
        Assert.Equal(0, Simulator().Fill("SPY", [new OrderLeg(Call(120), LegDirection.Sell, 1)], chain, 0).Legs[0].Price);
        Assert.Equal(5.0, -Simulator().Fill("SPY", [new OrderLeg(Call(120), LegDirection.Buy, 1)], chain, 0).CashFlow, 9);
        var crossed = Chain(100, Quote(120, OptionRight.Call, 0.10, 0.05));
        Assert.False(Simulator().Fill("SPY", [new OrderLeg(Call(120), LegDirection.Buy, 1)], crossed, 0).Filled);
    }

    [Fact]
    public void A_stock_trade_fills_at_the_underlying_price_plus_slippage_with_the_per_share_commission()
    {
        var chain = Chain(450.25);
        var stock = new TradeLeg(InstrumentType.Stock, LegDirection.Buy, 100, null, null);
        var fill = Simulator(perShare: 0.01, fees: true).Fill("SPY", [new OrderLeg(stock, LegDirection.Buy, 300)], chain, 0);
        Assert.True(fill.Filled);
        Assert.Equal(450.26, fill.Legs[0].Price, 9);
        Assert.Equal(-300 * 450.26, fill.CashFlow, 6);
        Assert.Equal(300 * 0.0035, fill.Fees, 12); // 1.05, above the 0.35 minimum
        var small = Simulator(fees: true).Fill("SPY", [new OrderLeg(stock, LegDirection.Sell, 10)], chain, 0);
        Assert.Equal(10 * 450.25, small.CashFlow, 9);
        Assert.Equal(0.35, small.Fees, 12); // minimum per order
    }

    [Fact]
    public void Legs_match_expiry_strike_right_and_root()
    {
        var other = Quote(100, OptionRight.Call, 9.00, 9.20, new DateOnly(2024, 4, 19));
        var put = Quote(100, OptionRight.Put, 5.00, 5.20);
        var weekly = Quote(100, OptionRight.Call, 7.00, 7.20) with { Root = "SPYW" };
        var right = Quote(100, OptionRight.Call, 3.00, 3.20);
        var chain = Chain(100, other, put, weekly, right);
        Assert.Equal(3.20, Simulator().Fill("SPY", [new OrderLeg(Call(100), LegDirection.Buy, 1)], chain, 0).Legs[0].Price);
        var rooted = new TradeLeg(InstrumentType.Call, LegDirection.Buy, 1, 100, Expiry, "SPYW");
        Assert.Equal(7.20, Simulator().Fill("SPY", [new OrderLeg(rooted, LegDirection.Buy, 1)], chain, 0).Legs[0].Price);
    }

    [Theory]
    // Interactive Brokers' published examples of the tiered schedule (commission only, no third-party fees).
    [InlineData(1, 2.00, 0, 1.00)]
    [InlineData(2, 5.00, 0, 1.30)]
    [InlineData(3, 0.075, 0, 1.50)]
    [InlineData(5, 0.03, 0, 1.25)]
    [InlineData(2, 5.00, 10_000, 1.00)] // 10,001-50,000 tier: 2 x 0.50 = 1.00
    [InlineData(5, 0.03, 10_000, 1.25)]
    [InlineData(5, 2.00, 50_000, 1.25)] // 50,001-100,000: 0.25
    [InlineData(7, 2.00, 100_000, 1.05)] // above 100,000: 0.15
    [InlineData(20, 2.00, 9_999, 13.00)] // the tier is the one before the order
    public void Tiered_commissions_follow_the_published_schedule(int contracts, double premium, int earlierThisMonth, double expected)
    {
        var model = new TieredFeeModel(passThroughPerContract: 0, optionMinimum: 1.00, stockPerShare: 0.0035, stockMinimum: 0.35);
        Assert.Equal(expected, model.FeeOf([new FeeLeg(true, contracts, premium)], earlierThisMonth), 12);
    }

    [Fact]
    public void Fees_are_charged_once_per_multi_leg_order()
    {
        var model = new TieredFeeModel(0.05, 1.00, 0.0035, 0.35);
        // 1 + 1 contracts at premiums >= 0.10: 1.30 broker (above the minimum) + 2 x 0.05.
        Assert.Equal(1.30 + 0.10, model.FeeOf([new FeeLeg(true, 1, 3.2), new FeeLeg(true, 1, 1.1)], 0), 12);
        Assert.Equal(0, new NoFeeModel().FeeOf([new FeeLeg(true, 10, 1)], 0));
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_setting()
    {
        var problems = new BacktestOptions { SlippagePerShare = -1, ExitDte = double.NaN, InitialEquity = 0, MaxOpenPositions = -2 }.Problems();
        Assert.Contains(problems, p => p.StartsWith("SlippagePerShare:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ExitDte:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("InitialEquity:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("MaxOpenPositions:", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new BacktestOptions { SlippageSpreadFraction = 2 }.Validated());
        Assert.Empty(new BacktestOptions().Problems());
    }
}
