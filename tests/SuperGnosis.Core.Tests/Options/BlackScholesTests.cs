using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Options;

public class BlackScholesTests
{
    [Fact]
    public void Hull_example_call_and_put_to_printed_decimals()
    {
        // Hull, Options, Futures and Other Derivatives, Example 15.6: S=42, K=40, r=10%, sigma=20%, T=0.5.
        Assert.Equal(4.76, BlackScholes.Price(OptionRight.Call, 42, 40, 0.5, 0.10, 0, 0.20), 2);
        Assert.Equal(0.81, BlackScholes.Price(OptionRight.Put, 42, 40, 0.5, 0.10, 0, 0.20), 2);
    }

    [Fact]
    public void Haug_generalized_black_scholes_examples_to_printed_decimals()
    {
        // Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), chapter 1; cost of carry b = r - q.
        Assert.Equal(2.1334, BlackScholes.Price(OptionRight.Call, 60, 65, 0.25, 0.08, 0, 0.30), 4);
        Assert.Equal(2.4648, BlackScholes.Price(OptionRight.Put, 100, 95, 0.5, 0.10, 0.05, 0.20), 4);
        // Black-76 as b = 0 (q = r): F = 19, K = 19, T = 0.75, r = 10%, sigma = 28%.
        Assert.Equal(1.7011, BlackScholes.Price(OptionRight.Call, 19, 19, 0.75, 0.10, 0.10, 0.28), 4);
        Assert.Equal(1.7011, BlackScholes.Price(OptionRight.Put, 19, 19, 0.75, 0.10, 0.10, 0.28), 4);
        // Delta: S=105, K=100, T=0.5, r=10%, b=0, sigma=36%.
        Assert.Equal(0.5946, BlackScholes.Greeks(OptionRight.Call, 105, 100, 0.5, 0.10, 0.10, 0.36).Delta, 4);
        Assert.Equal(-0.3566, BlackScholes.Greeks(OptionRight.Put, 105, 100, 0.5, 0.10, 0.10, 0.36).Delta, 4);
        // Gamma: S=55, K=60, T=0.75, r=b=10%, sigma=30%.
        Assert.Equal(0.0278, BlackScholes.Greeks(OptionRight.Call, 55, 60, 0.75, 0.10, 0, 0.30).Gamma, 4);
        // Theta of a put: S=430, K=405, T=0.0833, r=7%, b=2% (q=5%), sigma=20%: -31.1924 per year.
        Assert.Equal(-31.1924, BlackScholes.Greeks(OptionRight.Put, 430, 405, 0.0833, 0.07, 0.05, 0.20).Theta, 4);
        // Rho of a call: S=72, K=75, T=1, r=b=9%, sigma=19%.
        Assert.Equal(38.7325, BlackScholes.Greeks(OptionRight.Call, 72, 75, 1, 0.09, 0, 0.19).Rho, 4);
    }

    // Reference prices: mpmath 1.3 at 50 digits with the textbook formula (exact double inputs).
    [Theory]
    [InlineData(OptionRight.Call, 100, 101, 1.0 / 8760, 0.05, 0.01, 0.1, 7.2986532014369363491e-23)]
    [InlineData(OptionRight.Put, 100, 99.5, 1.0 / 8760, 0.05, 0.0, 0.05, 1.6085728582272982766e-23)]
    [InlineData(OptionRight.Call, 100, 130, 0.02, 0.03, 0.0, 0.2, 3.6566632257749232717e-21)]
    [InlineData(OptionRight.Call, 100, 100, 5, 0.05, 0.02, 3, 90.416916272115636163)]
    [InlineData(OptionRight.Put, 100, 40, 0.5, 0.01, 0.03, 0.4, 0.0032016278205774301763)]
    [InlineData(OptionRight.Call, 100, 100.01, 1.0 / 8760, 0, 0, 0.01, 0.0010043003141857929882)]
    public void Price_keeps_relative_precision_far_out_of_the_money(OptionRight right, double s, double k, double t, double r, double q, double v, double expected)
    {
        var actual = BlackScholes.Price(right, s, k, t, r, q, v);
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * expected, $"price {actual:R}, expected {expected:R}");
    }

    public static TheoryData<OptionRight, double, double, double, double, double> Grid()
    {
        var data = new TheoryData<OptionRight, double, double, double, double, double>();
        foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
        {
            foreach (var k in new[] { 70.0, 95.0, 100.0, 105.0, 140.0 })
            {
                foreach (var t in new[] { 1.0 / 8760, 1.0 / 365, 0.1, 1.0, 5.0 })
                {
                    foreach (var (r, q) in new[] { (0.0, 0.0), (0.05, 0.02), (-0.01, 0.04) })
                    {
                        foreach (var v in new[] { 0.05, 0.3, 1.5 })
                        {
                            data.Add(right, k, t, r, q, v);
                        }
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Put_call_parity_holds(OptionRight _, double k, double t, double r, double q, double v)
    {
        const double s = 100;
        var call = BlackScholes.Price(OptionRight.Call, s, k, t, r, q, v);
        var put = BlackScholes.Price(OptionRight.Put, s, k, t, r, q, v);
        var forwardValue = (s * Math.Exp(-q * t)) - (k * Math.Exp(-r * t));
        Assert.True(Math.Abs(call - put - forwardValue) <= 1e-13 * s, $"C-P={call - put:R} vs {forwardValue:R}");
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Every_greek_matches_central_finite_differences(OptionRight right, double k, double t, double r, double q, double v)
    {
        const double s = 100;
        OptionGreeks G(double spot = s, double tt = double.NaN, double rr = double.NaN, double vol = double.NaN) =>
            BlackScholes.Greeks(right, spot, k, double.IsNaN(tt) ? t : tt, double.IsNaN(rr) ? r : rr, q, double.IsNaN(vol) ? v : vol);
        var g = G();
        var sd = v * Math.Sqrt(t);
        var dS = 1e-4 * s * Math.Min(sd, 1);
        var dT = 1e-5 * t;
        var dV = 1e-5 * v;
        const double dR = 1e-5;

        Check("delta", g.Delta, (G(spot: s + dS).Price - G(spot: s - dS).Price) / (2 * dS), 1);
        Check("gamma", g.Gamma, (G(spot: s + dS).Delta - G(spot: s - dS).Delta) / (2 * dS), 1 / s);
        Check("vega", g.Vega, (G(vol: v + dV).Price - G(vol: v - dV).Price) / (2 * dV), s);
        Check("theta", g.Theta, -(G(tt: t + dT).Price - G(tt: t - dT).Price) / (2 * dT), s);
        Check("rho", g.Rho, (G(rr: r + dR).Price - G(rr: r - dR).Price) / (2 * dR), s);
        Check("vanna", g.Vanna, (G(vol: v + dV).Delta - G(vol: v - dV).Delta) / (2 * dV), 1);
        Check("charm", g.Charm, -(G(tt: t + dT).Delta - G(tt: t - dT).Delta) / (2 * dT), 1);
        Check("vomma", g.Vomma, (G(vol: v + dV).Vega - G(vol: v - dV).Vega) / (2 * dV), s);
        Check("speed", g.Speed, (G(spot: s + dS).Gamma - G(spot: s - dS).Gamma) / (2 * dS), 1 / (s * s));
        Check("zomma", g.Zomma, (G(vol: v + dV).Gamma - G(vol: v - dV).Gamma) / (2 * dV), 1 / s);
        Check("color", g.Color, -(G(tt: t + dT).Gamma - G(tt: t - dT).Gamma) / (2 * dT), 1 / s);
        // Gamma, vega and the second-order Greeks are the same for calls and puts.
        var other = BlackScholes.Greeks(right == OptionRight.Call ? OptionRight.Put : OptionRight.Call, s, k, t, r, q, v);
        Assert.Equal(g.Gamma, other.Gamma, 12);
        Assert.Equal(g.Vega, other.Vega, 10);
        // Delta(call) - delta(put) = e^{-qT}.
        Assert.Equal(Math.Exp(-q * t), Math.Abs(g.Delta - other.Delta), 13);

        static void Check(string name, double analytic, double numeric, double scale)
        {
            var tolerance = (2e-5 * Math.Abs(numeric)) + (1e-7 * scale);
            Assert.True(Math.Abs(analytic - numeric) <= tolerance, $"{name}: analytic {analytic:R}, finite difference {numeric:R}");
        }
    }

    [Fact]
    public void Call_price_increases_with_spot_vol_and_time_and_decreases_with_strike()
    {
        double previous = 0;
        foreach (var spot in new[] { 50.0, 80, 100, 120, 200 })
        {
            var price = BlackScholes.Price(OptionRight.Call, spot, 100, 0.5, 0.03, 0.01, 0.25);
            Assert.True(price > previous);
            previous = price;
        }
        Assert.True(BlackScholes.Price(OptionRight.Call, 100, 100, 0.5, 0.03, 0, 0.3) > BlackScholes.Price(OptionRight.Call, 100, 100, 0.5, 0.03, 0, 0.2));
        Assert.True(BlackScholes.Price(OptionRight.Call, 100, 100, 1.0, 0.03, 0, 0.2) > BlackScholes.Price(OptionRight.Call, 100, 100, 0.5, 0.03, 0, 0.2));
        Assert.True(BlackScholes.Price(OptionRight.Call, 100, 110, 0.5, 0.03, 0, 0.2) < BlackScholes.Price(OptionRight.Call, 100, 100, 0.5, 0.03, 0, 0.2));
    }

    [Theory]
    [InlineData(0, 100, 1, 0.2)]
    [InlineData(100, -1, 1, 0.2)]
    [InlineData(100, 100, 0, 0.2)]
    [InlineData(100, 100, 1, 0)]
    [InlineData(double.NaN, 100, 1, 0.2)]
    public void Scalar_api_rejects_invalid_arguments(double s, double k, double t, double v)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BlackScholes.Price(OptionRight.Call, s, k, t, 0.01, 0, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlackScholes.Greeks(OptionRight.Put, s, k, t, 0.01, 0, v));
        Assert.NotEqual(OptionStatus.Ok, BlackScholes.Check(s, k, t, 0.01, 0, v));
    }

    [Fact]
    public void Per_pct_and_per_day_conversions()
    {
        var g = BlackScholes.Greeks(OptionRight.Call, 100, 100, 0.25, 0.03, 0, 0.2);
        Assert.Equal(g.Vega / 100, g.VegaPerPct);
        Assert.Equal(g.Theta / 365, g.ThetaPerDay);
        Assert.Equal(g.Charm / 365, g.CharmPerDay);
    }
}
