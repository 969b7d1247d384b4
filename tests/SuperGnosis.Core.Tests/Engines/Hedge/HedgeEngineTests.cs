using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using F = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;

namespace SuperGnosis.Core.Tests.Engines.Hedge;

public class HedgeEngineTests
{
    // Tuesday 2026-11-24 10:30 New York; Friday weekly 11-27, monthly 12-18.
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly DateOnly Weekly = new(2026, 11, 27);
    private static readonly DateOnly Monthly = new(2026, 12, 18);
    private const double R = 0.03;
    private const double Q = 0.01;

    private static HedgeEngine Engine(HedgeEngineOptions? options = null) =>
        new(new NoChains(), (options ?? new HedgeEngineOptions()) with { RiskFreeRate = R, DividendYield = Q });

    private static ChainBuilder Chain(double spot = 100) => new(spot, AsOf, R, Q);

    /// <summary>BSM gamma, written out independently of the library: e^{-qT} phi(d1) / (S sigma sqrt T).</summary>
    private static double HandGamma(double s, double k, double t, double sigma)
    {
        var d1 = (Math.Log(s / k) + ((R - Q + (0.5 * sigma * sigma)) * t)) / (sigma * Math.Sqrt(t));
        return Math.Exp(-Q * t) * Math.Exp(-0.5 * d1 * d1) / Math.Sqrt(2 * Math.PI) / (s * sigma * Math.Sqrt(t));
    }

    /// <summary>
    /// A corrupt provider IV (a denormal such as 7e-314, below <see cref="HedgeBook.MinUsableIv"/>) counts as missing: the
    /// zero-gamma weights OI / (sigma sqrt T) would overflow into NaN and take the gamma curve and the zero-gamma level with
    /// them. The analysis equals that of the same chain with the IV left empty.
    /// </summary>
    [Fact]
    public void A_denormal_provider_iv_is_missing_and_the_gamma_curve_stays_finite()
    {
        var chain = Chain()
            .Add(OptionRight.Call, 102, Monthly, 20_000).Add(OptionRight.Put, 98, Monthly, 30_000)
            .Add(OptionRight.Call, 105, Weekly, 10_000).Add(OptionRight.Put, 95, Weekly, 15_000);
        var corrupt = chain.Rows.Select((q, i) => i == 1 ? q with { ImpliedVol = 7.106313297e-314 } : q).ToList();
        var missing = chain.Rows.Select((q, i) => i == 1 ? q with { ImpliedVol = double.NaN } : q).ToList();

        var withCorrupt = Engine().Analyze("SPY", AsOf, chain.Build(corrupt));
        var withMissing = Engine().Analyze("SPY", AsOf, chain.Build(missing));
        Assert.All(withCorrupt.Profile!.GammaCurve, p => Assert.True(double.IsFinite(p.NetGexUsdPer1Pct)));
        Assert.Equal(withMissing.Output.Features, withCorrupt.Output.Features);
        Assert.True(withCorrupt.Output.Features.ContainsKey(F.ZeroGammaLevel));
    }

    [Fact]
    public void Seed_symmetric_gamma_is_neutral()
    {
        var chain = Chain();
        for (var k = 90; k <= 110; k += 5)
        {
            chain.Add(OptionRight.Call, k, Monthly, 1000).Add(OptionRight.Put, k, Monthly, 1000);
        }
        var output = Engine().Analyze("SPY", AsOf, chain.Build()).Output;
        Assert.Equal(HedgeRegimes.Neutral, output.Regime);
        Assert.Equal(0, output.Features[F.NetGexUsdPer1Pct]);
        Assert.Equal(0, output.Features[F.GammaSign]);
        Assert.False(output.Features.ContainsKey(F.ZeroGammaLevel), "net GEX is zero everywhere: no sign change");
        Assert.True(output.Confidence > 0.8);
    }

    [Fact]
    public void Seed_massive_call_open_interest_above_spot_is_a_gamma_squeeze()
    {
        var chain = Chain()
            .Add(OptionRight.Call, 102, Monthly, 200_000).Add(OptionRight.Call, 105, Monthly, 150_000)
            .Add(OptionRight.Put, 95, Monthly, 5_000).Add(OptionRight.Call, 98, Monthly, 2_000);
        var output = Engine().Analyze("SPY", AsOf, chain.Build()).Output;
        Assert.Equal(HedgeRegimes.GammaSqueeze, output.Regime);
        Assert.True(output.Features[F.NetGexUsdPer1Pct] > 0);
        Assert.True(output.Features[F.CallOverhangShare] > 0.9);
        Assert.Equal(102, output.Features[F.CallWall]);
    }

    [Fact]
    public void Seed_missing_vanna_and_charm_without_iv_is_degraded_missing_greeks()
    {
        var chain = Chain();
        foreach (var k in new[] { 95.0, 100, 105 })
        {
            var t = YearFraction.ToExpiry(AsOf, Monthly);
            var g = BlackScholes.Greeks(OptionRight.Call, 100, k, t, R, Q, 0.2);
            chain.AddRaw(new OptionQuote(Monthly, k, OptionRight.Call, double.NaN, double.NaN, double.NaN, 10, 1000, double.NaN, g.Delta, g.Gamma, g.Vega, g.Theta, double.NaN, double.NaN));
        }
        var output = Engine().Analyze("SPY", AsOf, chain.Build()).Output;
        Assert.Equal("missing_greeks", output.Metadata[EngineOutput.DegradedKey]);
        Assert.Equal(0, output.Confidence);
        Assert.True(output.Features[F.NetGexUsdPer1Pct] > 0, "gamma-based features survive");
    }

    [Fact]
    public void Two_contract_chain_matches_hand_computation()
    {
        const double s = 100;
        var chain = Chain(s).Add(OptionRight.Call, 101, Monthly, 1_000, iv: 0.25).Add(OptionRight.Put, 95, Monthly, 500, iv: 0.3);
        var output = Engine(new HedgeEngineOptions { Greeks = GreeksSource.Recompute }).Analyze("SPY", AsOf, chain.Build()).Output;
        var t = YearFraction.ToExpiry(AsOf, Monthly);
        var gc = HandGamma(s, 101, t, 0.25);
        var gp = HandGamma(s, 95, t, 0.3);
        var callGex = gc * 1000 * 100 * s * s * 0.01;
        var putGex = gp * 500 * 100 * s * s * 0.01;
        var f = output.Features;
        Assert.Equal(callGex - putGex, f[F.NetGexUsdPer1Pct], 1e-9 * callGex);
        Assert.Equal(callGex + putGex, f[F.GrossGexUsdPer1Pct], 1e-9 * callGex);
        Assert.Equal((gc * 1000 * s) - (gp * 500 * s), f[F.GammaPressure], 1e-9 * gc * 1000 * s);
        var vc = BlackScholes.Greeks(OptionRight.Call, s, 101, t, R, Q, 0.25);
        var vp = BlackScholes.Greeks(OptionRight.Put, s, 95, t, R, Q, 0.3);
        Assert.Equal(((vc.Vanna * 1000) - (vp.Vanna * 500)) * 100 * s * 0.01, f[F.VannaExposureUsdPerVolPt], 1e-9);
        Assert.Equal(((vc.Charm * 1000) - (vp.Charm * 500)) * 100 * s / 365, f[F.CharmExposureUsdPerDay], 1e-6);
        Assert.Equal(101, f[F.CallWall]);
        Assert.Equal(95, f[F.PutWall]);
        Assert.Equal(callGex > putGex ? 101 : 95, f[F.AbsGammaStrike]);
        Assert.Equal(1, f[F.CallWallDistancePct], 12);
        Assert.Equal(-5, f[F.PutWallDistancePct], 12);
        Assert.Equal(callGex / (callGex + putGex), f[F.GammaNearSpotShare], 12); // only 101 is within +-2%
        Assert.Equal(callGex - putGex, f[F.NetGexMonthlyUsdPer1Pct], 1e-9 * callGex);
        Assert.Equal(0, f[F.NetGex0DteUsdPer1Pct]);
        Assert.Equal("2", output.Metadata["rows_used"]);
    }

    [Fact]
    public void Zero_gamma_matches_a_brute_force_scan_and_is_a_root()
    {
        // Put-heavy below spot, call-heavy above: net GEX changes sign near spot.
        const double s = 100;
        var chain = Chain(s);
        for (var k = 80; k <= 120; k += 1)
        {
            var callOi = k >= 100 ? 3000 + (k * 10) : 800;
            var putOi = k <= 100 ? 3500 + ((120 - k) * 15) : 600;
            chain.Add(OptionRight.Call, k, Monthly, callOi, iv: 0.18 + (0.002 * Math.Abs(k - 100)))
                .Add(OptionRight.Put, k, Weekly, putOi, iv: 0.22 + (0.003 * Math.Abs(k - 100)));
        }
        var built = chain.Build();
        var analysis = Engine(new HedgeEngineOptions { Greeks = GreeksSource.Recompute }).Analyze("SPY", AsOf, built);
        var zero = analysis.Output.Features[F.ZeroGammaLevel];

        double NetGex(double x) => built.Quotes.Sum(q =>
            (q.Right == OptionRight.Call ? 1 : -1) * q.OpenInterest * 100 * x * x * 0.01
            * BlackScholes.Greeks(q.Right, x, q.Strike, YearFraction.ToExpiry(AsOf, q.Expiry), R, Q, q.ImpliedVol).Gamma);
        double GrossGex(double x) => built.Quotes.Sum(q => q.OpenInterest * 100 * x * x * 0.01
            * BlackScholes.Greeks(q.Right, x, q.Strike, YearFraction.ToExpiry(AsOf, q.Expiry), R, Q, q.ImpliedVol).Gamma);

        // Brute force: scan +-20% in 0.01% steps and take the sign change nearest spot.
        double? brute = null;
        var previous = NetGex(80);
        for (var x = 80.01; x <= 120; x += 0.01)
        {
            var current = NetGex(x);
            if (Math.Sign(current) != Math.Sign(previous) && (brute is null || Math.Abs(x - s) < Math.Abs(brute.Value - s)))
            {
                brute = x;
            }
            previous = current;
        }
        Assert.NotNull(brute);
        Assert.InRange(zero, brute.Value - 0.011, brute.Value + 0.001);
        Assert.True(Math.Abs(NetGex(zero)) < 1e-5 * GrossGex(zero), "the level is a root to 1e-6 relative in spot");
        Assert.Equal(41, analysis.Profile!.GammaCurve.Count);
        Assert.Equal((zero - s) / s * 100, analysis.Output.Features[F.ZeroGammaDistancePct], 12);
    }

    [Fact]
    public void Features_do_not_depend_on_row_order()
    {
        var chain = Chain(101.3);
        for (var k = 90; k <= 112; k += 1)
        {
            chain.Add(OptionRight.Call, k, Monthly, 100 + (k * 37 % 500)).Add(OptionRight.Put, k, Weekly, 150 + (k * 53 % 700))
                .Add(OptionRight.Call, k, Today, 80 + (k * 11 % 300));
        }
        var engine = Engine();
        var ordered = engine.Analyze("SPY", AsOf, chain.Build()).Output;
        var rng = new Random(5);
        for (var trial = 0; trial < 3; trial++)
        {
            var shuffled = chain.Rows.OrderBy(_ => rng.Next()).ToList();
            var output = engine.Analyze("SPY", AsOf, chain.Build(shuffled)).Output;
            Assert.Equal(ordered.Features, output.Features);
            Assert.Equal(ordered.Regime, output.Regime);
        }
    }

    [Fact]
    public void Each_bad_row_class_is_dropped_and_counted()
    {
        var clean = Chain().Add(OptionRight.Call, 100, Monthly, 1000).Add(OptionRight.Put, 98, Monthly, 800).Add(OptionRight.Call, 104, Weekly, 600);
        var good = clean.Rows[0];
        var dirty = Chain();
        dirty.Rows.AddRange(clean.Rows);
        dirty.AddRaw(good with { Strike = double.NaN })
            .AddRaw(good with { OpenInterest = double.PositiveInfinity })
            .AddRaw(good with { Strike = 0 })
            .AddRaw(good with { Strike = 103, OpenInterest = -5 })
            .AddRaw(good with { Strike = 106, Bid = 3, Ask = 2 })
            .AddRaw(good with { Strike = 107, Expiry = new DateOnly(2026, 11, 20) })
            .AddRaw(good with { OpenInterest = 10 }); // duplicate of (Monthly, 100, Call) with less OI: dropped

        var engine = Engine();
        var a = engine.Analyze("SPY", AsOf, clean.Build()).Output;
        var b = engine.Analyze("SPY", AsOf, dirty.Build()).Output;
        Assert.Equal("10", b.Metadata["rows_in"]);
        Assert.Equal("3", b.Metadata["rows_used"]);
        Assert.Equal("2", b.Metadata["dropped_non_finite"]);
        Assert.Equal("1", b.Metadata["dropped_bad_strike"]);
        Assert.Equal("1", b.Metadata["dropped_negative_open_interest"]);
        Assert.Equal("1", b.Metadata["dropped_crossed_quote"]);
        Assert.Equal("1", b.Metadata["dropped_expired"]);
        Assert.Equal("1", b.Metadata["dropped_duplicate"]);
        Assert.Equal(a.Features, b.Features);
        Assert.True(b.Confidence < a.Confidence, "dropping rows lowers confidence");
    }

    [Fact]
    public void Empty_or_unusable_chain_is_degraded_no_data()
    {
        var empty = Engine().Analyze("SPY", AsOf, Chain().Build()).Output;
        Assert.Equal("no_data", empty.Metadata[EngineOutput.DegradedKey]);
        Assert.Equal(0, empty.Confidence);
        Assert.Equal(HedgeEngine.NeutralVixFriction, empty.Features[F.VixFrictionFactor]);

        var noSpot = Chain(double.NaN);
        noSpot.Rows.AddRange(Chain().Add(OptionRight.Call, 100, Monthly, 10).Rows);
        Assert.Equal("no_data", Engine().Analyze("SPY", AsOf, noSpot.Build()).Output.Metadata[EngineOutput.DegradedKey]);

        var zeroOi = Chain().Add(OptionRight.Call, 100, Monthly, 0);
        Assert.Equal("no_data", Engine().Analyze("SPY", AsOf, zeroOi.Build()).Output.Metadata[EngineOutput.DegradedKey]);
    }

    [Fact]
    public void Dealer_convention_and_multiplier_are_applied()
    {
        var chain = Chain().Add(OptionRight.Call, 100, Monthly, 1000).Add(OptionRight.Put, 96, Monthly, 2000).Build();
        var classic = Engine().Analyze("SPY", AsOf, chain).Output.Features;
        var shortBoth = Engine(new HedgeEngineOptions { Positioning = DealerPositioning.ShortBoth }).Analyze("SPY", AsOf, chain).Output.Features;
        var index = Engine(new HedgeEngineOptions { ContractMultiplier = 10 }).Analyze("SPY", AsOf, chain).Output.Features;
        Assert.Equal(-shortBoth[F.GrossGexUsdPer1Pct], shortBoth[F.NetGexUsdPer1Pct], 1e-6);
        Assert.Equal(classic[F.GrossGexUsdPer1Pct], shortBoth[F.GrossGexUsdPer1Pct], 1e-6);
        Assert.Equal(classic[F.NetGexUsdPer1Pct] / 10, index[F.NetGexUsdPer1Pct], 1e-6);
        Assert.Equal(classic[F.CallWall], shortBoth[F.CallWall]);
    }

    [Fact]
    public void Expiry_splits_separate_0dte_next_weekly_and_monthlies()
    {
        var engine = Engine();
        var only0 = engine.Analyze("SPY", AsOf, Chain().Add(OptionRight.Call, 100, Today, 1000).Build()).Output.Features;
        var onlyW = engine.Analyze("SPY", AsOf, Chain().Add(OptionRight.Call, 100, Weekly, 1000).Build()).Output.Features;
        var all = engine.Analyze("SPY", AsOf, Chain().Add(OptionRight.Call, 100, Today, 1000).Add(OptionRight.Call, 100, Weekly, 1000)
            .Add(OptionRight.Call, 100, new DateOnly(2026, 12, 4), 1000).Add(OptionRight.Call, 100, Monthly, 1000).Build()).Output.Features;
        Assert.Equal(only0[F.NetGexUsdPer1Pct], all[F.NetGex0DteUsdPer1Pct], 1e-6);
        Assert.Equal(onlyW[F.NetGexUsdPer1Pct], all[F.NetGexNextWeeklyUsdPer1Pct], 1e-6);
        Assert.True(all[F.NetGexMonthlyUsdPer1Pct] > 0);
        Assert.True(all[F.NetGexUsdPer1Pct] > all[F.NetGex0DteUsdPer1Pct] + all[F.NetGexNextWeeklyUsdPer1Pct] + all[F.NetGexMonthlyUsdPer1Pct] - 1e-6);
        Assert.True(only0[F.NetGexUsdPer1Pct] > onlyW[F.NetGexUsdPer1Pct], "0DTE ATM gamma exceeds the weekly's");
    }

    [Fact]
    public void Auto_mode_recomputes_rounded_provider_greeks_and_solves_missing_iv_from_the_mid()
    {
        var precise = Chain().Add(OptionRight.Call, 100, Monthly, 1000).Add(OptionRight.Put, 97, Monthly, 700);
        var rounded = Chain();
        foreach (var q in precise.Rows)
        {
            rounded.AddRaw(q with { Gamma = Math.Round(q.Gamma, 4), Vanna = Math.Round(q.Vanna, 4), Charm = Math.Round(q.Charm, 4) });
        }
        var noIv = Chain();
        foreach (var q in precise.Rows)
        {
            noIv.AddRaw(q with { ImpliedVol = double.NaN, Gamma = double.NaN, Vanna = double.NaN, Charm = double.NaN });
        }
        var engine = Engine();
        var a = engine.Analyze("SPY", AsOf, precise.Build()).Output;
        var b = engine.Analyze("SPY", AsOf, rounded.Build()).Output;
        var c = engine.Analyze("SPY", AsOf, noIv.Build()).Output;
        Assert.Equal("2", a.Metadata["greeks_provider_rows"]);
        Assert.Equal("2", b.Metadata["greeks_recomputed_rows"]);
        Assert.Equal("2", c.Metadata["iv_solved_from_mid_rows"]);
        Assert.Equal(a.Features[F.NetGexUsdPer1Pct], b.Features[F.NetGexUsdPer1Pct], 1e-9 * a.Features[F.GrossGexUsdPer1Pct]);
        Assert.Equal(a.Features[F.NetGexUsdPer1Pct], c.Features[F.NetGexUsdPer1Pct], 1e-8 * a.Features[F.GrossGexUsdPer1Pct]);
        Assert.True(c.Confidence < a.Confidence, "IV from mids lowers confidence");
    }

    [Fact]
    public void Vix_chain_sets_friction_and_related_chains_blend_with_weights()
    {
        var target = Chain().Add(OptionRight.Call, 100, Monthly, 1000).Add(OptionRight.Put, 95, Monthly, 500).Build();
        var vix = new ChainBuilder(18, AsOf, R, 0).Add(OptionRight.Call, 20, Monthly, 50_000, iv: 0.9).Add(OptionRight.Call, 25, Monthly, 30_000, iv: 1.0).Build("^VIX");
        var related = new ChainBuilder(1000, AsOf, R, Q).Add(OptionRight.Put, 980, Monthly, 4000).Build("^SPX");
        var engine = Engine();
        var plain = engine.Analyze("SPY", AsOf, target).Output;
        var rich = engine.Analyze("SPY", AsOf, target, new HedgeContext(VixChain: vix, Related: [(new RelatedChain("^SPX", 0.5), related)])).Output;
        var relatedOnly = engine.Analyze("^SPX", AsOf, related).Output;

        Assert.Equal(0.5, plain.Features[F.VixFrictionFactor]);
        Assert.Equal(1.0, rich.Features[F.VixFrictionFactor], 12); // dealers long every VIX call
        Assert.True(rich.Features[F.VixGammaPressure] > 0);
        Assert.Equal(plain.Features[F.NetGexUsdPer1Pct], plain.Features[F.BlendedNetGexUsdPer1Pct]);
        Assert.Equal(plain.Features[F.NetGexUsdPer1Pct] + (0.5 * relatedOnly.Features[F.NetGexUsdPer1Pct]), rich.Features[F.BlendedNetGexUsdPer1Pct], 1e-6);
        Assert.Equal("0.5", rich.Metadata["blend.^SPX"]);
        Assert.Equal("none", plain.Metadata["blend"]);
    }

    [Fact]
    public void Pin_and_illiquid_gamma_regimes()
    {
        // Dealers long gamma concentrated at the 100 strike with spot on it: pin.
        var pin = Chain(100.2).Add(OptionRight.Call, 100, Monthly, 50_000).Add(OptionRight.Call, 99, Monthly, 20_000)
            .Add(OptionRight.Put, 90, Monthly, 3_000).Add(OptionRight.Call, 101, Weekly, 10_000).Build();
        var engine = Engine(new HedgeEngineOptions { SqueezeMinCallOverhangShare = 0.99 });
        Assert.Equal(HedgeRegimes.Pin, engine.Analyze("SPY", AsOf, pin).Output.Regime);

        var output = engine.Analyze("SPY", AsOf, pin, new HedgeContext(AverageDollarVolume: 1e6)).Output;
        Assert.Equal(HedgeRegimes.IlliquidGamma, output.Regime);
        Assert.True(output.Features[F.NetGexToDollarVolume] >= 0.25);
    }

    [Fact]
    public void Vanna_flow_when_gamma_is_balanced_but_vanna_is_not()
    {
        // OTM puts and OTM calls with equal gamma (net ~0) but the same-signed vanna once dealer signs apply.
        var chain = Chain();
        var t = YearFraction.ToExpiry(AsOf, Monthly);
        var gCall = BlackScholes.Greeks(OptionRight.Call, 100, 106, t, R, Q, 0.2).Gamma;
        var gPut = BlackScholes.Greeks(OptionRight.Put, 100, 94, t, R, Q, 0.2).Gamma;
        chain.Add(OptionRight.Call, 106, Monthly, 10_000).Add(OptionRight.Put, 94, Monthly, 10_000 * gCall / gPut);
        var output = Engine(new HedgeEngineOptions { SqueezeMinCallOverhangShare = 0.99 }).Analyze("SPY", AsOf, chain.Build()).Output;
        Assert.InRange(output.Features[F.NetGammaRatio], -0.01, 0.01);
        Assert.Equal(HedgeRegimes.VannaFlow, output.Regime);
    }

    [Fact]
    public async Task Engine_reads_through_ports_and_flags_an_unavailable_vix_chain()
    {
        var source = new MapChains(new Dictionary<string, OptionChain> { ["SPY"] = Chain().Add(OptionRight.Call, 100, Monthly, 1000).Build() });
        var engine = new HedgeEngine(source, new HedgeEngineOptions { VixSymbol = "^VIX" });
        var output = await engine.RunAsync("SPY", AsOf, new Dictionary<EngineKind, EngineOutput>(), CancellationToken.None);
        Assert.Equal(EngineKind.Hedge, output.Kind);
        Assert.StartsWith("unavailable:", output.Metadata["vix"], StringComparison.Ordinal);
        Assert.Equal(0.5, output.Features[F.VixFrictionFactor]);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new HedgeEngine(new NoChains(), new HedgeEngineOptions { ContractMultiplier = 0 }));
        Assert.Throws<ArgumentException>(() => new HedgeEngine(new NoChains(), new HedgeEngineOptions { ZeroGammaSearchRange = 1.5 }));
        Assert.Throws<ArgumentException>(() => new HedgeEngine(new NoChains(), new HedgeEngineOptions { RelatedChains = [new RelatedChain("^SPX", -1)] }));
    }

    private sealed class NoChains : Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no chain for " + symbol);
    }

    private sealed class MapChains(Dictionary<string, OptionChain> chains) : Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            chains.TryGetValue(symbol, out var chain) ? Task.FromResult(chain) : throw new KeyNotFoundException("no chain for " + symbol);
    }
}
