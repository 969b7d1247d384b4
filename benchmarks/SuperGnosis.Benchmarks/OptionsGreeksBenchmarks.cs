using BenchmarkDotNet.Attributes;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Benchmarks;

/// <summary>
/// Price + 11 Greeks for 1,000,000 European contracts on one thread: the SIMD batch against a plain
/// scalar loop of the same formulas (textbook price, Math.Exp/Math.Log, scalar Cody normal CDF), and
/// against the scalar API (which also prices through the normalised Black function).
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*OptionsGreeks*'
/// </summary>
[Config(typeof(OptionsBenchmarkConfig))]
[MemoryDiagnoser]
public class OptionsGreeksBenchmarks
{
    public const int Contracts = 1_000_000;
    private OptionChainData _data = null!;
    private double[][] _out = null!;
    private OptionStatus[] _status = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = OptionChainData.Random(Contracts, seed: 11);
        _out = Enumerable.Range(0, 12).Select(_ => new double[Contracts]).ToArray();
        _status = new OptionStatus[Contracts];
    }

    [Benchmark(Description = "SIMD batch (Vector<double>)")]
    public void SimdBatch()
    {
        var o = _out;
        BlackScholesBatch.Greeks(
            new OptionBatchInput(_data.Right, _data.Spot, _data.Strike, _data.TYears, _data.Rate, _data.Div, _data.Vol),
            new GreeksBatchOutput(Contracts, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8], o[9], o[10], o[11], _status));
    }

    [Benchmark(Baseline = true, Description = "scalar loop, same formulas")]
    public void ScalarLoop()
    {
        var d = _data;
        var o = _out;
        for (var i = 0; i < Contracts; i++)
        {
            ScalarGreeks(d.Right[i] == OptionRight.Call ? 1 : -1, d.Spot[i], d.Strike[i], d.TYears[i], d.Rate[i], d.Div[i], d.Vol[i], o, i);
            _status[i] = BlackScholes.Check(d.Spot[i], d.Strike[i], d.TYears[i], d.Rate[i], d.Div[i], d.Vol[i]);
        }
    }

    [Benchmark(Description = "scalar API BlackScholes.Greeks")]
    public double ScalarApi()
    {
        var d = _data;
        var sum = 0.0;
        for (var i = 0; i < Contracts; i++)
        {
            sum += BlackScholes.Greeks(d.Right[i], d.Spot[i], d.Strike[i], d.TYears[i], d.Rate[i], d.Div[i], d.Vol[i]).Delta;
        }
        return sum;
    }

    /// <summary>The batch kernel's formulas, one contract at a time.</summary>
    private static void ScalarGreeks(double theta, double s, double k, double t, double r, double q, double vol, double[][] o, int i)
    {
        var sqrtT = Math.Sqrt(t);
        var volSqrtT = vol * sqrtT;
        var d1 = (Math.Log(s / k) + ((r - q + (0.5 * vol * vol)) * t)) / volSqrtT;
        var d2 = d1 - volSqrtT;
        var dfq = Math.Exp(-q * t);
        var dfr = Math.Exp(-r * t);
        var sq = s * dfq;
        var kr = k * dfr;
        var pdf = NormalDistribution.Pdf(d1);
        var nd1 = theta * NormalDistribution.Cdf(theta * d1);
        var nd2 = theta * NormalDistribution.Cdf(theta * d2);
        var gamma = dfq * pdf / (s * volSqrtT);
        var vega = sq * pdf * sqrtT;
        var carry2T = 2 * (r - q) * t;
        o[0][i] = (sq * nd1) - (kr * nd2);
        o[1][i] = dfq * nd1;
        o[2][i] = gamma;
        o[3][i] = vega;
        o[4][i] = (-sq * pdf * vol * 0.5 / sqrtT) + (q * sq * nd1) - (r * kr * nd2);
        o[5][i] = kr * t * nd2;
        o[6][i] = -dfq * pdf * d2 / vol;
        o[7][i] = (q * dfq * nd1) - (dfq * pdf * (carry2T - (d2 * volSqrtT)) / (2 * t * volSqrtT));
        o[8][i] = vega * d1 * d2 / vol;
        o[9][i] = -gamma / s * (1 + (d1 / volSqrtT));
        o[10][i] = gamma * ((d1 * d2) - 1) / vol;
        o[11][i] = gamma * ((2 * q * t) + 1 + (d1 * (carry2T - (d2 * volSqrtT)) / volSqrtT)) / (2 * t);
    }
}

/// <summary>A random but realistic chain: K/S in [0.6, 1.4], T in [1 hour, 2 years], vol in [5%, 105%], r = 4%, q = 1%.</summary>
public sealed class OptionChainData
{
    public required OptionRight[] Right { get; init; }
    public required double[] Spot { get; init; }
    public required double[] Strike { get; init; }
    public required double[] TYears { get; init; }
    public required double[] Rate { get; init; }
    public required double[] Div { get; init; }
    public required double[] Vol { get; init; }

    public static OptionChainData Random(int n, int seed)
    {
        var rnd = new Random(seed);
        var data = new OptionChainData
        {
            Right = new OptionRight[n], Spot = new double[n], Strike = new double[n], TYears = new double[n],
            Rate = new double[n], Div = new double[n], Vol = new double[n],
        };
        for (var i = 0; i < n; i++)
        {
            data.Right[i] = rnd.Next(2) == 0 ? OptionRight.Call : OptionRight.Put;
            data.Spot[i] = 100;
            data.Strike[i] = 100 * (0.6 + (0.8 * rnd.NextDouble()));
            data.TYears[i] = (1.0 / 8760) + (2 * rnd.NextDouble());
            data.Rate[i] = 0.04;
            data.Div[i] = 0.01;
            data.Vol[i] = 0.05 + rnd.NextDouble();
        }
        return data;
    }
}
