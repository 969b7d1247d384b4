using System.Collections.Immutable;
using System.Text.Json;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Pipeline.InMemory;
using SuperGnosis.Core.Ports;
using SuperGnosis.Core.Tests.Agents.Trading;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>A run captures its market data once; captured items serialize bit-exactly.</summary>
public sealed class MarketCaptureTests
{
    private static readonly DateTimeOffset AsOf = TestChains.AsOf;

    [Fact]
    public async Task Without_a_capture_the_chain_is_fetched_three_times_in_one_run_with_it_once()
    {
        var uncaptured = new CountingMarket();
        var plain = await new PipelineRunner(CountingMarket.Symbol, ProductLikeComponents.Create(uncaptured)).RunOnceAsync(AsOf);
        Assert.Equal(3, uncaptured.ChainCalls); // hedge engine, sentiment engine, trade agent

        var market = new CountingMarket();
        var capture = new InMemoryMarketCaptureStore();
        var captured = await new PipelineRunner(CountingMarket.Symbol, ProductLikeComponents.Create(market, capture: capture)).RunOnceAsync(AsOf);
        Assert.Equal(1, market.ChainCalls);
        Assert.Equal(1, market.TradeCalls);
        Assert.Equal(1, market.QuoteCalls);
        Assert.Equal(1, market.NewsCalls);
        // Every stage asks for daily bars over its own window: one item per window, each fetched once.
        Assert.Equal(uncaptured.BarCalls, market.BarCalls);
        Assert.Equal(StageHandlerEquivalenceTests.ReportJson(plain), StageHandlerEquivalenceTests.ReportJson(captured));
        // The ledger stage released the run's capture.
        Assert.Equal(0, capture.Count);
    }

    [Fact]
    public async Task Runs_share_a_capture_per_symbol_and_instant_only()
    {
        var market = new CountingMarket();
        var capture = new InMemoryMarketCaptureStore();
        var data = new CapturedMarketData(capture, market, market, market);
        await data.GetChainAsync("TEST", AsOf, CancellationToken.None);
        await data.GetChainAsync("TEST", AsOf, CancellationToken.None);
        Assert.Equal(1, market.ChainCalls);
        await data.GetChainAsync("TEST", AsOf.AddMinutes(30), CancellationToken.None);
        await data.GetChainAsync("OTHER", AsOf, CancellationToken.None);
        Assert.Equal(3, market.ChainCalls);
        // Two windows of bars are two items; the same window again is not fetched again.
        await data.GetBarsAsync("TEST", BarInterval.Daily, AsOf.AddDays(-30), AsOf, CancellationToken.None);
        await data.GetBarsAsync("TEST", BarInterval.Daily, AsOf.AddDays(-60), AsOf, CancellationToken.None);
        await data.GetBarsAsync("TEST", BarInterval.Daily, AsOf.AddDays(-30), AsOf, CancellationToken.None);
        Assert.Equal(2, market.BarCalls);

        await capture.ReleaseAsync(CapturedMarketData.CaptureIdFor("TEST", AsOf), CancellationToken.None);
        await data.GetChainAsync("TEST", AsOf, CancellationToken.None);
        Assert.Equal(4, market.ChainCalls);

        // Two runs of different instants fetch separately.
        var runner = new PipelineRunner(CountingMarket.Symbol, ProductLikeComponents.Create(market, capture: new InMemoryMarketCaptureStore()));
        var before = market.ChainCalls;
        await runner.RunOnceAsync(AsOf);
        await runner.RunOnceAsync(AsOf.AddMinutes(30));
        Assert.Equal(before + 2, market.ChainCalls);
    }

    [Fact]
    public async Task Concurrent_stages_fetch_once_and_a_failed_fetch_is_not_captured()
    {
        var slow = new SlowChains();
        var data = new CapturedMarketData(new InMemoryMarketCaptureStore(), slow);
        var chains = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => data.GetChainAsync("TEST", AsOf, CancellationToken.None))));
        Assert.Equal(1, slow.Calls);
        Assert.All(chains, c => Assert.Same(chains[0], c));

        var failing = new CountingMarket { ChainError = new IOException("down") };
        var flaky = new CapturedMarketData(new InMemoryMarketCaptureStore(), failing);
        await Assert.ThrowsAsync<IOException>(() => flaky.GetChainAsync("TEST", AsOf, CancellationToken.None));
        await Assert.ThrowsAsync<IOException>(() => flaky.GetChainAsync("TEST", AsOf, CancellationToken.None));
        Assert.Equal(2, failing.ChainCalls);
    }

    [Fact]
    public async Task Absent_sources_stay_absent()
    {
        var market = new CountingMarket();
        var data = new CapturedMarketData(new InMemoryMarketCaptureStore(), chains: market);
        Assert.Same(data, data.Chains);
        Assert.Null(data.MarketData);
        Assert.Null(data.News);
        Assert.Null(data.OptionPrints);
        Assert.Null(data.OffExchangeVolume);
        await Assert.ThrowsAsync<InvalidOperationException>(() => data.GetHeadlinesAsync("TEST", AsOf.AddDays(-1), AsOf, CancellationToken.None));
    }

    [Fact]
    public void An_option_chain_round_trips_bit_exactly()
    {
        var random = new Random(3);
        var chain = TestChains.Create(new TestChains.Settings { MissingIvRate = 0.1, DefectRate = 0.2 }, random);
        var special = ImmutableArray.Create(
            new OptionQuote(new DateOnly(2026, 12, 18), 6000, OptionRight.Put, 0.1 + 0.2, double.NaN, double.PositiveInfinity, 0, 1e-300,
                double.Epsilon, -0.0, double.NegativeInfinity, double.MaxValue, double.MinValue, Math.PI, -Math.E,
                "SPXW", ExerciseStyle.European, OptionSettlement.Pm),
            new OptionQuote(new DateOnly(2026, 12, 18), 6000, OptionRight.Call, 1, 2, 1.5, 3, 4, 0.2, 0.5, 0.01, 0.1, -0.05, 0, 0,
                "SPX", ExerciseStyle.European, OptionSettlement.Am));
        chain = chain with { Quotes = [.. chain.Quotes, .. special], AsOf = new DateTimeOffset(2026, 11, 24, 10, 30, 0, 123, TimeSpan.FromHours(-5)).AddTicks(4567) };

        var json = JsonSerializer.Serialize(chain, MarketCaptureJson.Default.OptionChain);
        var back = JsonSerializer.Deserialize(json, MarketCaptureJson.Default.OptionChain)!;

        Assert.Equal(chain.Symbol, back.Symbol);
        Assert.Equal(chain.AsOf, back.AsOf);
        Assert.Equal(chain.AsOf.Offset, back.AsOf.Offset);
        Assert.Equal(chain.AsOf.Ticks, back.AsOf.Ticks);
        Assert.Equal(BitConverter.DoubleToInt64Bits(chain.UnderlyingPrice), BitConverter.DoubleToInt64Bits(back.UnderlyingPrice));
        Assert.Equal(chain.Quotes.Length, back.Quotes.Length);
        for (var i = 0; i < chain.Quotes.Length; i++)
        {
            Assert.Equal(chain.Quotes[i], back.Quotes[i]);
            Assert.Equal(Bits(chain.Quotes[i]), Bits(back.Quotes[i]));
        }
        Assert.Equal(json, JsonSerializer.Serialize(back, MarketCaptureJson.Default.OptionChain));
        Assert.Contains("\"exercise_style\":\"european\"", json, StringComparison.Ordinal);
        Assert.Contains("\"underlying_price\":", json, StringComparison.Ordinal);
        Assert.DoesNotContain("is_empty", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Bars_ticks_news_prints_and_shares_round_trip_bit_exactly()
    {
        var t = new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero).AddTicks(1);
        IReadOnlyList<Bar> bars = [new(t, 0.1 + 0.2, 1.0000000000000002, 0.3, 1e-7, 123456789.123)];
        IReadOnlyList<Trade> trades = [new(t, 450.01, 100, AggressorSide.Sell), new(t, 450.02, 0.5, AggressorSide.Unknown)];
        IReadOnlyList<Quote> quotes = [new(t, 449.99, 450.01, 300, double.NaN)];
        IReadOnlyList<NewsHeadline> news = [new(t, "SPY", "wire", "Stocks \"rally\" – é ✓")];
        IReadOnlyList<OptionPrint> prints = [new(t, new DateOnly(2026, 11, 27), 450, OptionRight.Call, 1.23, 10, AggressorSide.Buy)];

        AssertRoundTrip(bars, MarketCaptureJson.Default.IReadOnlyListBar);
        AssertRoundTrip(trades, MarketCaptureJson.Default.IReadOnlyListTrade);
        AssertRoundTrip(quotes, MarketCaptureJson.Default.IReadOnlyListQuote);
        AssertRoundTrip(news, MarketCaptureJson.Default.IReadOnlyListNewsHeadline);
        AssertRoundTrip(prints, MarketCaptureJson.Default.IReadOnlyListOptionPrint);
        Assert.Equal(0.30000000000000004, JsonSerializer.Deserialize(JsonSerializer.Serialize((double?)0.30000000000000004, MarketCaptureJson.Default.NullableDouble), MarketCaptureJson.Default.NullableDouble));
        Assert.Null(JsonSerializer.Deserialize(JsonSerializer.Serialize((double?)null, MarketCaptureJson.Default.NullableDouble), MarketCaptureJson.Default.NullableDouble));
        Assert.DoesNotContain("\"mid\"", JsonSerializer.Serialize(quotes, MarketCaptureJson.Default.IReadOnlyListQuote), StringComparison.Ordinal);
    }

    private static void AssertRoundTrip<T>(IReadOnlyList<T> items, System.Text.Json.Serialization.Metadata.JsonTypeInfo<IReadOnlyList<T>> type)
    {
        var json = JsonSerializer.Serialize(items, type);
        var back = JsonSerializer.Deserialize(json, type)!;
        Assert.Equal(items, back);
        Assert.Equal(json, JsonSerializer.Serialize(back, type));
    }

    private static long[] Bits(OptionQuote q) =>
        [.. new[] { q.Strike, q.Bid, q.Ask, q.Mid, q.Volume, q.OpenInterest, q.ImpliedVol, q.Delta, q.Gamma, q.Vega, q.Theta, q.Vanna, q.Charm }
            .Select(BitConverter.DoubleToInt64Bits)];

    private sealed class SlowChains : IOptionsChainSource
    {
        private int _calls;

        public int Calls => _calls;

        public async Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await Task.Delay(50, cancellationToken);
            return new OptionChain(symbol, asOf, 100, []);
        }
    }
}
