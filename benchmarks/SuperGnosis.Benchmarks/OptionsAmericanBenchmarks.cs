using BenchmarkDotNet.Attributes;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Benchmarks;

/// <summary>
/// American price + delta for 10,000 contracts (101-step Leisen-Reimer with control variate) on one
/// thread: the SIMD batch (one contract per lane) against the scalar tree in a loop.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*OptionsAmerican*'
/// </summary>
[Config(typeof(OptionsBenchmarkConfig))]
public class OptionsAmericanBenchmarks
{
    public const int Contracts = 10_000;
    private OptionChainData _data = null!;
    private double[] _price = null!;
    private double[] _delta = null!;
    private OptionStatus[] _status = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = OptionChainData.Random(Contracts, seed: 13);
        _price = new double[Contracts];
        _delta = new double[Contracts];
        _status = new OptionStatus[Contracts];
    }

    [Benchmark(Description = "SIMD batch price+delta")]
    public void Batch() =>
        AmericanOptionBatch.PriceAndDelta(
            new OptionBatchInput(_data.Right, _data.Spot, _data.Strike, _data.TYears, _data.Rate, _data.Div, _data.Vol), _price, _delta, _status);

    [Benchmark(Baseline = true, Description = "scalar tree loop price+delta")]
    public void ScalarLoop()
    {
        var d = _data;
        for (var i = 0; i < Contracts; i++)
        {
            var r = AmericanOption.Tree(d.Right[i], d.Spot[i], d.Strike[i], d.TYears[i], d.Rate[i], d.Div[i], d.Vol[i], AmericanOption.DefaultSteps, out _, out _);
            _price[i] = r.Price;
            _delta[i] = r.Delta;
        }
    }
}
