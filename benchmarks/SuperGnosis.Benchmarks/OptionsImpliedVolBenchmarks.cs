using BenchmarkDotNet.Attributes;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Benchmarks;

/// <summary>
/// European implied volatility (Let's Be Rational) for 1,000,000 contracts on one thread; throughput =
/// 1,000,000 / mean. Prices come from the exact scalar pricer on the random chain of
/// <see cref="OptionChainData"/> (rows whose time value is below 1e-12 of spot are replaced by at-the-money ones).
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*OptionsImpliedVol*'
/// </summary>
[Config(typeof(OptionsBenchmarkConfig))]
public class OptionsImpliedVolBenchmarks
{
    public const int Contracts = 1_000_000;
    private OptionChainData _data = null!;
    private double[] _price = null!;
    private double[] _vol = null!;
    private OptionStatus[] _status = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = OptionChainData.Random(Contracts, seed: 12);
        _price = new double[Contracts];
        for (var i = 0; i < Contracts; i++)
        {
            var d = _data;
            _price[i] = BlackScholes.Price(d.Right[i], d.Spot[i], d.Strike[i], d.TYears[i], d.Rate[i], d.Div[i], d.Vol[i]);
            var otherRight = d.Right[i] == SuperGnosis.Core.MarketData.OptionRight.Call ? SuperGnosis.Core.MarketData.OptionRight.Put : SuperGnosis.Core.MarketData.OptionRight.Call;
            var timeValue = Math.Min(_price[i], BlackScholes.Price(otherRight, d.Spot[i], d.Strike[i], d.TYears[i], d.Rate[i], d.Div[i], d.Vol[i]));
            if (timeValue < 1e-12 * d.Spot[i])
            {
                d.Strike[i] = d.Spot[i];
                _price[i] = BlackScholes.Price(d.Right[i], d.Spot[i], d.Strike[i], d.TYears[i], d.Rate[i], d.Div[i], d.Vol[i]);
            }
        }
        _vol = new double[Contracts];
        _status = new OptionStatus[Contracts];
    }

    [Benchmark(Description = "LBR implied vol, batch over spans")]
    public void ImpliedVolBatch() =>
        ImpliedVolatility.EuropeanBatch(_data.Right, _price, _data.Spot, _data.Strike, _data.TYears, _data.Rate, _data.Div, _vol, _status);
}
