using System.Numerics;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Options;

public class BlackScholesBatchTests
{
    [Fact]
    public void Vector_normal_cdf_matches_scalar_cody_in_relative_terms()
    {
        var width = Vector<double>.Count;
        var xs = new double[width];
        var worst = 0.0;
        for (var x0 = -38.0; x0 <= 9; x0 += 0.0173 * width)
        {
            for (var j = 0; j < width; j++)
            {
                xs[j] = x0 + (0.0173 * j);
            }
            var phi = VectorMath.NormCdf(new Vector<double>(xs));
            var pdf = VectorMath.NormPdf(new Vector<double>(xs));
            for (var j = 0; j < width; j++)
            {
                var expected = NormalDistribution.Cdf(xs[j]);
                if (expected < 1e-300)
                {
                    continue;
                }
                worst = Math.Max(worst, Math.Abs(phi[j] - expected) / expected);
                Assert.True(Math.Abs(pdf[j] - NormalDistribution.Pdf(xs[j])) <= 3e-15 * NormalDistribution.Pdf(xs[j]) * Math.Max(1, xs[j] * xs[j]));
            }
        }
        Assert.True(worst < 3e-15, $"worst relative error {worst:E2}");
    }

    [Fact]
    public void Bcl_vector_exp_and_log_used_by_the_batch_match_math_to_1e15()
    {
        var width = Vector<double>.Count;
        var rnd = new Random(5);
        var a = new double[width];
        var b = new double[width];
        double worstExp = 0, worstLog = 0;
        for (var i = 0; i < 50_000; i++)
        {
            for (var j = 0; j < width; j++)
            {
                a[j] = (rnd.NextDouble() - 0.5) * 1400;
                b[j] = Math.Exp((rnd.NextDouble() - 0.5) * 1400);
            }
            var e = Vector.Exp(new Vector<double>(a));
            var l = Vector.Log(new Vector<double>(b));
            for (var j = 0; j < width; j++)
            {
                var expected = Math.Exp(a[j]);
                if (expected > 1e-300)
                {
                    worstExp = Math.Max(worstExp, Math.Abs(e[j] - expected) / expected);
                }
                var ln = Math.Log(b[j]);
                worstLog = Math.Max(worstLog, Math.Abs(l[j] - ln) / Math.Max(Math.Abs(ln), 1e-300));
            }
        }
        Assert.True(worstExp < 1e-15, $"exp worst {worstExp:E2}");
        Assert.True(worstLog < 1e-15, $"log worst {worstLog:E2}");
    }

    [Fact]
    public void Vector_erfcx_matches_scalar_cody()
    {
        var width = Vector<double>.Count;
        var ys = new double[width];
        var worst = 0.0;
        for (var y0 = 0.0; y0 < 1e4; y0 = (y0 * 1.01) + 0.003)
        {
            for (var j = 0; j < width; j++)
            {
                ys[j] = y0 * (1 + (0.001 * j));
            }
            var e = VectorMath.Erfcx(new Vector<double>(ys));
            for (var j = 0; j < width; j++)
            {
                var expected = NormalDistribution.Erfcx(ys[j]);
                worst = Math.Max(worst, Math.Abs(e[j] - expected) / expected);
            }
        }
        Assert.True(worst < 4e-15, $"worst relative error {worst:E2}");
    }

    [Fact]
    public void Batch_matches_the_scalar_greeks_on_a_random_chain_including_the_remainder()
    {
        const int n = 1003; // not a multiple of the vector width
        var rnd = new Random(7);
        var right = new OptionRight[n];
        double[] s = new double[n], k = new double[n], t = new double[n], r = new double[n], q = new double[n], v = new double[n];
        for (var i = 0; i < n; i++)
        {
            right[i] = rnd.Next(2) == 0 ? OptionRight.Call : OptionRight.Put;
            s[i] = 50 + (100 * rnd.NextDouble());
            k[i] = s[i] * Math.Exp(rnd.NextDouble() - 0.5);
            t[i] = (1.0 / 8760) + (3 * rnd.NextDouble() * rnd.NextDouble());
            r[i] = 0.08 * rnd.NextDouble() - 0.01;
            q[i] = 0.05 * rnd.NextDouble();
            v[i] = 0.03 + (1.5 * rnd.NextDouble());
        }
        var o = Columns(n, out var status);
        BlackScholesBatch.Greeks(new OptionBatchInput(right, s, k, t, r, q, v), Output(n, o, status));
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(OptionStatus.Ok, status[i]);
            var g = BlackScholes.Greeks(right[i], s[i], k[i], t[i], r[i], q[i], v[i]);
            double[] expected = [g.Price, g.Delta, g.Gamma, g.Vega, g.Theta, g.Rho, g.Vanna, g.Charm, g.Vomma, g.Speed, g.Zomma, g.Color];
            for (var c = 0; c < expected.Length; c++)
            {
                // Absolute scale per Greek family keeps near-zero crossings (vomma, vanna, speed) fair.
                var scale = c is 0 or 3 or 4 or 5 or 8 ? s[i] : c is 2 or 10 or 11 ? 1 / s[i] : c == 9 ? 1 / (s[i] * s[i]) : 1;
                Assert.True(Math.Abs(o[c][i] - expected[c]) <= (1e-12 * Math.Abs(expected[c])) + (1e-13 * scale / Math.Sqrt(t[i])),
                    $"row {i} column {c}: batch {o[c][i]:R} scalar {expected[c]:R}");
            }
        }
    }

    [Fact]
    public void Bad_rows_give_nan_and_a_status_without_disturbing_good_rows()
    {
        OptionRight[] right = [OptionRight.Call, OptionRight.Put, OptionRight.Call, OptionRight.Call, OptionRight.Put, OptionRight.Call, OptionRight.Put];
        double[] s = [100, 100, 0, 100, 100, double.NaN, 100];
        double[] k = [100, 100, 100, 100, -5, 100, 90];
        double[] t = [0.5, -0.1, 0.5, 0.5, 0.5, 0.5, 0.25];
        double[] r = [0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03];
        double[] q = [0, 0, 0, 0, 0, 0, 0];
        double[] v = [0.2, 0.2, 0.2, 0, 0.2, 0.2, 0.3];
        var n = right.Length;
        var o = Columns(n, out var status);
        BlackScholesBatch.Greeks(new OptionBatchInput(right, s, k, t, r, q, v), Output(n, o, status));
        Assert.Equal(
            [OptionStatus.Ok, OptionStatus.NonPositiveTime, OptionStatus.NonPositiveSpot, OptionStatus.NonPositiveVolatility,
             OptionStatus.NonPositiveStrike, OptionStatus.NonFiniteInput, OptionStatus.Ok],
            status);
        foreach (var bad in new[] { 1, 2, 3, 4, 5 })
        {
            Assert.All(o, column => Assert.True(double.IsNaN(column[bad])));
        }
        Assert.Equal(BlackScholes.Price(OptionRight.Call, 100, 100, 0.5, 0.03, 0, 0.2), o[0][0], 11);
        Assert.Equal(BlackScholes.Greeks(OptionRight.Put, 100, 90, 0.25, 0.03, 0, 0.3).Delta, o[1][6], 13);
    }

    [Fact]
    public void Batch_implied_volatility_round_trips_and_flags_bad_rows()
    {
        OptionRight[] right = [OptionRight.Call, OptionRight.Put, OptionRight.Call, OptionRight.Put];
        double[] s = [100, 100, 100, 100];
        double[] k = [110, 95, 100, 100];
        double[] t = [0.3, 0.01, 0, 1];
        double[] r = [0.03, 0.03, 0.03, 0.03];
        double[] q = [0.01, 0.01, 0.01, 0.01];
        double[] price = [BlackScholes.Price(OptionRight.Call, 100, 110, 0.3, 0.03, 0.01, 0.27), BlackScholes.Price(OptionRight.Put, 100, 95, 0.01, 0.03, 0.01, 0.8), 3, double.NaN];
        var vol = new double[4];
        var status = new OptionStatus[4];
        ImpliedVolatility.EuropeanBatch(right, price, s, k, t, r, q, vol, status);
        Assert.Equal([OptionStatus.Ok, OptionStatus.Ok, OptionStatus.NonPositiveTime, OptionStatus.NonFiniteInput], status);
        Assert.Equal(0.27, vol[0], 13);
        Assert.Equal(0.8, vol[1], 13);
        Assert.True(double.IsNaN(vol[2]) && double.IsNaN(vol[3]));
    }

    [Theory]
    [InlineData(4099)]
    [InlineData(3)]
    public void Gamma_vanna_charm_batch_gives_the_same_bits_as_the_full_batch(int n)
    {
        // Random contracts incl. deep out of the money and very short dated (exp's scalar path), and invalid rows.
        var rnd = new Random(17);
        var right = new OptionRight[n];
        double[] s = new double[n], k = new double[n], t = new double[n], r = new double[n], q = new double[n], v = new double[n];
        for (var i = 0; i < n; i++)
        {
            right[i] = rnd.Next(2) == 0 ? OptionRight.Call : OptionRight.Put;
            s[i] = 500;
            k[i] = 500 * Math.Exp((rnd.NextDouble() - 0.5) * 1.2);
            t[i] = rnd.Next(5) == 0 ? 1e-4 * rnd.NextDouble() : 2 * rnd.NextDouble();
            r[i] = 0.04;
            q[i] = rnd.Next(3) == 0 ? 0 : 0.01;
            v[i] = 0.05 + rnd.NextDouble();
            if (rnd.Next(50) == 0)
            {
                v[i] = rnd.Next(2) == 0 ? 0 : double.NaN;
            }
        }
        var o = Columns(n, out var status);
        BlackScholesBatch.Greeks(new OptionBatchInput(right, s, k, t, r, q, v), Output(n, o, status));
        double[] gamma = new double[n], vanna = new double[n], charm = new double[n];
        BlackScholesBatch.GammaVannaCharm(new OptionBatchInput(right, s, k, t, r, q, v), gamma, vanna, charm);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(o[2][i]), BitConverter.DoubleToInt64Bits(gamma[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(o[6][i]), BitConverter.DoubleToInt64Bits(vanna[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(o[7][i]), BitConverter.DoubleToInt64Bits(charm[i]));
        }
    }

    private static double[][] Columns(int n, out OptionStatus[] status)
    {
        status = new OptionStatus[n];
        return Enumerable.Range(0, 12).Select(_ => new double[n]).ToArray();
    }

    private static GreeksBatchOutput Output(int n, double[][] o, OptionStatus[] status) =>
        new(n, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8], o[9], o[10], o[11], status);
}
