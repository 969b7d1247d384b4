using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using K = SuperGnosis.Core.Engines.Hedge.HedgeMetadataKeys;

namespace SuperGnosis.Core.Tests.Engines.Hedge;

public class ExpiryFilterTests
{
    // Friday 2026-03-13 10:00 New York (a weekly Friday; the March monthly is Friday 2026-03-20).
    private static readonly DateTimeOffset MidSession = new(2026, 3, 13, 14, 0, 0, TimeSpan.Zero);

    private static OptionQuote Quote(DateOnly expiry, double strike = 100, OptionRight right = OptionRight.Call, string? root = null,
        OptionSettlement settlement = OptionSettlement.Pm, double oi = 1000) =>
        new(expiry, strike, right, 1, 1.1, 1.05, 10, oi, 0.2, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, root,
            settlement == OptionSettlement.Am ? ExerciseStyle.European : ExerciseStyle.American, settlement);

    private static bool Monthly(OptionChain chain, OptionQuote quote) =>
        ExpiryFilter.IsMonthly(chain, quote, MarketCalendar.Nyse, ExpiryFilter.AmSettledDates(chain));

    [Theory]
    [InlineData("2026-03-20", true)] // third Friday
    [InlineData("2026-03-13", false)] // second Friday
    [InlineData("2026-03-27", false)] // fourth Friday
    [InlineData("2026-03-19", false)] // the Thursday before a regular third Friday
    [InlineData("2026-04-17", true)] // April 2026: the third Friday is the 17th (Good Friday 2026-04-03 is the first Friday)
    [InlineData("2026-04-02", false)] // so the Thursday before Good Friday 2026 is a weekly
    [InlineData("2025-04-17", true)] // Good Friday 2025-04-18 is the third Friday: the monthly moves to Thursday
    [InlineData("2025-04-18", false)]
    public void An_equity_expiry_is_monthly_exactly_on_the_calendar_monthly_date(string date, bool monthly)
    {
        var expiry = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var chain = new OptionChain("SPY", MidSession, 100, [Quote(expiry)]);
        Assert.Equal(monthly, Monthly(chain, chain.Quotes[0]));
    }

    [Fact]
    public void On_the_monthly_date_SPX_AM_is_monthly_and_SPXW_PM_is_weekly()
    {
        var third = new DateOnly(2026, 3, 20);
        var spx = Quote(third, root: "SPX", settlement: OptionSettlement.Am);
        var spxw = Quote(third, root: "SPXW");
        var chain = new OptionChain("SPX", MidSession, 5000, [spx, spxw]);
        Assert.True(Monthly(chain, spx));
        Assert.False(Monthly(chain, spxw));

        // SPXW alone (no AM contract in the chain): still a weekly-series root, never the monthly.
        var spxwOnly = new OptionChain("SPX", MidSession, 5000, [spxw]);
        Assert.False(Monthly(spxwOnly, spxw));

        // A PM contract without a root beside AM contracts on that date is the PM series too.
        var unnamedPm = Quote(third, strike: 105);
        var mixed = new OptionChain("SPX", MidSession, 5000, [spx, unnamedPm]);
        Assert.False(Monthly(mixed, unnamedPm));

        // A single-root PM index (XSP) on the monthly date is monthly.
        var xsp = Quote(third, root: "XSP");
        Assert.True(Monthly(new OptionChain("XSP", MidSession, 500, [xsp]), xsp));
    }

    [Fact]
    public void Dte_counts_calendar_days_from_the_new_york_date_of_the_as_of()
    {
        // 2026-03-14 02:00Z is still Friday 2026-03-13 (22:00) in New York.
        var lateFriday = new DateTimeOffset(2026, 3, 14, 2, 0, 0, TimeSpan.Zero);
        Assert.Equal(0, ExpiryFilter.DaysToExpiry(new DateOnly(2026, 3, 13), MidSession));
        Assert.Equal(7, ExpiryFilter.DaysToExpiry(new DateOnly(2026, 3, 20), lateFriday));
        Assert.Equal(3, ExpiryFilter.DaysToExpiry(new DateOnly(2026, 3, 16), lateFriday));
        Assert.Equal(-1, ExpiryFilter.DaysToExpiry(new DateOnly(2026, 3, 12), MidSession));
    }

    private static OptionChain Ladder(DateTimeOffset asOf) => new("SPY", asOf, 100,
    [
        Quote(new DateOnly(2026, 3, 13)), // 0 DTE weekly
        Quote(new DateOnly(2026, 3, 16)), // 3 DTE
        Quote(new DateOnly(2026, 3, 20)), // 7 DTE monthly
        Quote(new DateOnly(2026, 3, 27)), // 14 DTE
        Quote(new DateOnly(2026, 4, 17)), // 35 DTE monthly
    ]);

    [Theory]
    [InlineData(ExpirySelection.All, null, "2026-03-13,2026-03-16,2026-03-20,2026-03-27,2026-04-17")]
    [InlineData(ExpirySelection.ZeroDte, null, "2026-03-13")]
    [InlineData(ExpirySelection.Weekly, null, "2026-03-13,2026-03-16,2026-03-27")]
    [InlineData(ExpirySelection.Monthly, null, "2026-03-20,2026-04-17")]
    [InlineData(ExpirySelection.All, 0, "2026-03-13")]
    [InlineData(ExpirySelection.All, 6, "2026-03-13,2026-03-16")]
    [InlineData(ExpirySelection.All, 7, "2026-03-13,2026-03-16,2026-03-20")]
    [InlineData(ExpirySelection.Monthly, 7, "2026-03-20")]
    [InlineData(ExpirySelection.Weekly, 7, "2026-03-13,2026-03-16")]
    [InlineData(ExpirySelection.Monthly, 6, "")]
    public void The_filter_keeps_the_selected_expiries_within_the_max_dte(ExpirySelection expiries, int? maxDte, string kept)
    {
        var options = new HedgeEngineOptions { Expiries = expiries, MaxDte = maxDte };
        var filtered = ExpiryFilter.Apply(Ladder(MidSession), MidSession, options);
        Assert.Equal(kept, string.Join(',', filtered.Chain.Quotes.Select(q => q.Expiry.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(5 - filtered.Chain.Quotes.Length, filtered.RowsExcluded);
        Assert.Equal(filtered.Chain.Quotes.Length, filtered.LiveRowsKept);
    }

    [Fact]
    public void A_0dte_contract_is_live_until_its_settlement_and_not_after()
    {
        var options = new HedgeEngineOptions { Expiries = ExpirySelection.ZeroDte };
        Assert.Equal(1, ExpiryFilter.Apply(Ladder(MidSession), MidSession, options).LiveRowsKept);
        var afterClose = new DateTimeOffset(2026, 3, 13, 20, 30, 0, TimeSpan.Zero); // 16:30 New York
        var filtered = ExpiryFilter.Apply(Ladder(afterClose), afterClose, options);
        Assert.Single(filtered.Chain.Quotes);
        Assert.Equal(0, filtered.LiveRowsKept);
    }

    [Fact]
    public void Describe_names_the_selection_and_the_max_dte()
    {
        Assert.Equal("expiry_filter=weekly;max_dte=7", ExpiryFilter.Describe(new HedgeEngineOptions { Expiries = ExpirySelection.Weekly, MaxDte = 7 }));
        Assert.Equal("expiry_filter=0dte", ExpiryFilter.Describe(new HedgeEngineOptions { Expiries = ExpirySelection.ZeroDte }));
        Assert.False(ExpiryFilter.IsSet(new HedgeEngineOptions()));
        Assert.True(ExpiryFilter.IsSet(new HedgeEngineOptions { MaxDte = 30 }));
        Assert.Throws<ArgumentException>(() => new HedgeEngineOptions { MaxDte = -1 }.Validate());
        Assert.Throws<ArgumentException>(() => new HedgeEngineOptions { Expiries = (ExpirySelection)9 }.Validate());
    }

    private static OptionChain ModelChain()
    {
        var b = new ChainBuilder(100, MidSession);
        foreach (var expiry in new[] { new DateOnly(2026, 3, 13), new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 20), new DateOnly(2026, 3, 27), new DateOnly(2026, 4, 17) })
        {
            for (var k = 90; k <= 110; k += 5)
            {
                b.Add(OptionRight.Call, k, expiry, 1000 + (k * expiry.Day));
                b.Add(OptionRight.Put, k, expiry, 1500 + (k * expiry.Month));
            }
        }
        return b.Build();
    }

    [Theory]
    [InlineData(ExpirySelection.ZeroDte, null)]
    [InlineData(ExpirySelection.Weekly, null)]
    [InlineData(ExpirySelection.Monthly, null)]
    [InlineData(ExpirySelection.All, 7)]
    [InlineData(ExpirySelection.Weekly, 7)]
    public void The_engine_with_a_filter_equals_the_engine_on_the_hand_filtered_chain(ExpirySelection expiries, int? maxDte)
    {
        var chain = ModelChain();
        var options = new HedgeEngineOptions { Expiries = expiries, MaxDte = maxDte };
        var nyDate = new DateOnly(2026, 3, 13);
        bool Wanted(OptionQuote q)
        {
            var dte = q.Expiry.DayNumber - nyDate.DayNumber;
            var monthly = q.Expiry == new DateOnly(2026, 3, 20) || q.Expiry == new DateOnly(2026, 4, 17);
            return (maxDte is null || dte <= maxDte) && expiries switch
            {
                ExpirySelection.ZeroDte => dte == 0,
                ExpirySelection.Weekly => !monthly,
                ExpirySelection.Monthly => monthly,
                _ => true,
            };
        }
        var handFiltered = chain with { Quotes = [.. chain.Quotes.Where(Wanted)] };

        var filtered = HedgeAnalyzer.Analyze(chain, MidSession, options);
        var expected = HedgeAnalyzer.Analyze(handFiltered, MidSession);
        var all = HedgeAnalyzer.Analyze(chain, MidSession);

        Assert.Equal(expected.Output.Features, filtered.Output.Features);
        Assert.Equal(expected.Output.Confidence, filtered.Output.Confidence);
        Assert.Equal(expected.Output.Regime, filtered.Output.Regime);
        Assert.Equal(expected.Profile!.Levels, filtered.Profile!.Levels);
        Assert.Equal(expected.Profile.ByStrike, filtered.Profile.ByStrike);
        Assert.Equal(expected.Profile.ByExpiry, filtered.Profile.ByExpiry);
        Assert.NotEqual(all.Output.Features[HedgeFeatureNames.NetGexUsdPer1Pct], filtered.Output.Features[HedgeFeatureNames.NetGexUsdPer1Pct]);
        foreach (var (key, value) in expected.Output.Metadata)
        {
            Assert.Equal(value, filtered.Output.Metadata[key]);
        }
        Assert.Equal(ExpiryFilter.Name(expiries), filtered.Output.Metadata[K.ExpiryFilter]);
        Assert.Equal(maxDte?.ToString(System.Globalization.CultureInfo.InvariantCulture), filtered.Output.Metadata.GetValueOrDefault(K.MaxDte));
        Assert.Equal((chain.Quotes.Length - handFiltered.Quotes.Length).ToString(System.Globalization.CultureInfo.InvariantCulture),
            filtered.Output.Metadata[K.ExpiryFilterRowsExcluded]);
    }

    [Fact]
    public void Without_a_filter_the_metadata_has_no_filter_keys()
    {
        var output = HedgeAnalyzer.Analyze(ModelChain(), MidSession).Output;
        Assert.DoesNotContain(output.Metadata.Keys, k => k.StartsWith("expiry_filter", StringComparison.Ordinal) || k == K.MaxDte);
    }

    [Fact]
    public async Task A_filter_that_keeps_nothing_degrades_the_engine_naming_the_filter_and_the_expiries()
    {
        var chain = ModelChain();
        var options = new HedgeEngineOptions { Expiries = ExpirySelection.Monthly, MaxDte = 6 };
        var engine = new HedgeEngine(new OneChain(chain), options);

        var output = await engine.RunAsync("SPY", MidSession, new Dictionary<EngineKind, EngineOutput>(), CancellationToken.None);

        Assert.Equal("no_data", output.Metadata[EngineOutput.DegradedKey]);
        Assert.Equal(0, output.Confidence);
        var detail = output.Metadata[K.DegradedDetail];
        Assert.Contains("expiry_filter=monthly;max_dte=6", detail, StringComparison.Ordinal);
        Assert.Contains("2026-03-20 (7 DTE, monthly)", detail, StringComparison.Ordinal);
        Assert.Contains("2026-03-13 (0 DTE, weekly)", detail, StringComparison.Ordinal);
        Assert.Equal("monthly", output.Metadata[K.ExpiryFilter]);
        Assert.Equal("6", output.Metadata[K.MaxDte]);
    }

    private sealed class OneChain(OptionChain chain) : Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) => Task.FromResult(chain);
    }
}
