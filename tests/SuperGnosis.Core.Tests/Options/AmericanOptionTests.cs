using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Options;

public class AmericanOptionTests
{
    [Fact]
    public void Hull_american_put_example()
    {
        // Hull, Options, Futures and Other Derivatives, section 21.1: S=50, K=50, r=10%, sigma=40%, T=5 months.
        // Hull reports 4.283 with 500 steps (4.49 with 5 steps); to two decimals the value is 4.28.
        var price = AmericanOption.Price(OptionRight.Put, 50, 50, 5.0 / 12, 0.10, 0, 0.40);
        Assert.Equal(4.28, price, 2);
    }

    public static TheoryData<OptionRight, double, double, double, double, double> Cases() => new()
    {
        { OptionRight.Put, 100, 1, 0.05, 0, 0.2 },
        { OptionRight.Put, 110, 0.5, 0.08, 0, 0.3 },
        { OptionRight.Put, 90, 2, 0.03, 0.01, 0.4 },
        { OptionRight.Call, 100, 1, 0.03, 0.06, 0.25 },
        { OptionRight.Call, 80, 1, 0.02, 0.08, 0.35 },
        { OptionRight.Put, 100, 1.0 / 365, 0.05, 0, 0.15 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Converges_to_a_fine_lattice_reference(OptionRight right, double k, double t, double r, double q, double v)
    {
        const double s = 100;
        var fineTree = AmericanOption.Tree(right, s, k, t, r, q, v, 10001, out _, out _);
        var reference = fineTree.Price;
        var coarse = Math.Abs(AmericanOption.Price(right, s, k, t, r, q, v, steps: 51) - reference);
        var standard = Math.Abs(AmericanOption.Price(right, s, k, t, r, q, v) - reference);
        var fine = Math.Abs(AmericanOption.Price(right, s, k, t, r, q, v, steps: 1001) - reference);
        Assert.True(fine < standard && standard < coarse, $"errors 51: {coarse:E2}, 101: {standard:E2}, 1001: {fine:E2}");
        // Documented accuracy of the default 101 steps: within 0.1% of the price (+ 1e-4 absolute).
        Assert.True(standard <= (1e-3 * reference) + 1e-4, $"default-step error {standard:E2} on {reference}");
        var refDelta = fineTree.Delta;
        Assert.True(Math.Abs(AmericanOption.Greeks(right, s, k, t, r, q, v).Delta - refDelta) <= 2e-3, "delta");
    }

    [Fact]
    public void Early_exercise_premium_is_non_negative_and_zero_for_calls_without_dividends()
    {
        foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
        {
            foreach (var k in new[] { 60.0, 90, 100, 110, 160 })
            {
                foreach (var t in new[] { 1.0 / 365, 0.25, 2 })
                {
                    foreach (var q in new[] { 0.0, 0.04 })
                    {
                        var american = AmericanOption.Greeks(right, 100, k, t, 0.05, q, 0.3);
                        var european = BlackScholes.Price(right, 100, k, t, 0.05, q, 0.3);
                        Assert.True(american.Price >= european - 1e-12);
                        Assert.True(american.EarlyExercisePremium >= 0);
                        Assert.True(american.Price >= (right == OptionRight.Call ? 100 - k : k - 100) - 1e-12, "below immediate exercise");
                        Assert.InRange(american.Delta, right == OptionRight.Call ? 0 : -1, right == OptionRight.Call ? 1 : 0);
                        if (right == OptionRight.Call && q == 0)
                        {
                            Assert.Equal(european, american.Price, 12);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Put_value_falls_with_spot_rises_with_strike_and_greeks_match_differences()
    {
        var previous = double.PositiveInfinity;
        foreach (var spot in new[] { 70.0, 85, 100, 115, 130 })
        {
            var price = AmericanOption.Price(OptionRight.Put, spot, 100, 1, 0.05, 0.01, 0.25);
            Assert.True(price < previous);
            previous = price;
        }
        var g = AmericanOption.Greeks(OptionRight.Put, 100, 100, 1, 0.05, 0.01, 0.25, steps: 2001);
        var h = 0.5;
        var fdDelta = (AmericanOption.Price(OptionRight.Put, 100 + h, 100, 1, 0.05, 0.01, 0.25, 2001)
            - AmericanOption.Price(OptionRight.Put, 100 - h, 100, 1, 0.05, 0.01, 0.25, 2001)) / (2 * h);
        Assert.Equal(fdDelta, g.Delta, 3);
        Assert.True(g.Gamma > 0 && g.Vega > 0 && g.Rho < 0);
    }

    [Theory]
    [InlineData(OptionRight.Put, 100, 1, 0.05, 0.0, 0.2)]
    [InlineData(OptionRight.Put, 120, 0.5, 0.08, 0.0, 0.35)]
    [InlineData(OptionRight.Call, 95, 1, 0.02, 0.07, 0.3)]
    [InlineData(OptionRight.Put, 100, 0.02, 0.04, 0.0, 1.2)]
    public void Implied_volatility_round_trips(OptionRight right, double k, double t, double r, double q, double v)
    {
        var price = AmericanOption.Price(right, 100, k, t, r, q, v);
        var result = AmericanOption.ImpliedVolatility(right, price, 100, k, t, r, q);
        Assert.Equal(OptionStatus.Ok, result.Status);
        Assert.Equal(v, result.Volatility, 9);
    }

    [Fact]
    public void Implied_volatility_flags_impossible_prices()
    {
        Assert.Equal(OptionStatus.PriceBelowIntrinsic, AmericanOption.ImpliedVolatility(OptionRight.Put, 9.5, 100, 110, 1, 0.05, 0).Status);
        Assert.Equal(OptionStatus.PriceAboveMaximum, AmericanOption.ImpliedVolatility(OptionRight.Put, 110, 100, 110, 1, 0.05, 0).Status);
        Assert.Equal(OptionStatus.NonPositiveTime, AmericanOption.ImpliedVolatility(OptionRight.Put, 5, 100, 110, 0, 0.05, 0).Status);
        Assert.Equal(OptionStatus.NonFiniteInput, AmericanOption.ImpliedVolatility(OptionRight.Put, double.NaN, 100, 110, 1, 0.05, 0).Status);
    }

    [Fact]
    public void Batch_matches_scalar_and_flags_bad_rows()
    {
        const int n = 23;
        var rnd = new Random(3);
        var right = new OptionRight[n];
        double[] s = new double[n], k = new double[n], t = new double[n], r = new double[n], q = new double[n], v = new double[n];
        for (var i = 0; i < n; i++)
        {
            right[i] = i % 3 == 0 ? OptionRight.Call : OptionRight.Put;
            s[i] = 100;
            k[i] = 70 + (60 * rnd.NextDouble());
            t[i] = 0.01 + rnd.NextDouble();
            r[i] = 0.04;
            q[i] = i % 2 == 0 ? 0 : 0.03;
            v[i] = 0.1 + rnd.NextDouble();
        }
        t[5] = -1;
        v[7] = double.NaN;
        s[11] = 0;
        k[13] = 1e6; // degenerate far-from-the-money put: max(exercise, BSM)
        var price = new double[n];
        var delta = new double[n];
        var status = new OptionStatus[n];
        AmericanOptionBatch.PriceAndDelta(new OptionBatchInput(right, s, k, t, r, q, v), price, delta, status);
        for (var i = 0; i < n; i++)
        {
            if (i is 5 or 7 or 11)
            {
                Assert.NotEqual(OptionStatus.Ok, status[i]);
                Assert.True(double.IsNaN(price[i]) && double.IsNaN(delta[i]));
                continue;
            }
            Assert.Equal(OptionStatus.Ok, status[i]);
            var g = AmericanOption.Greeks(right[i], s[i], k[i], t[i], r[i], q[i], v[i]);
            Assert.Equal(g.Price, price[i], 1e-12 * Math.Max(1, g.Price));
            Assert.Equal(g.Delta, delta[i], 1e-10);
        }
        Assert.Equal([OptionStatus.NonPositiveTime, OptionStatus.NonFiniteInput, OptionStatus.NonPositiveSpot], new[] { status[5], status[7], status[11] });
    }
}
