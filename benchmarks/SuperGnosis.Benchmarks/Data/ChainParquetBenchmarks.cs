using BenchmarkDotNet.Attributes;
using SuperGnosis.Benchmarks.Engines;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Files;

namespace SuperGnosis.Benchmarks.Data;

/// <summary>
/// Issue 15's performance target: reading a 20,000-contract chain from Parquet costs no more than the hedge engine's
/// analysis of it. Side by side in one run: the snapshot file as <c>gnosis data snapshot</c> and the run archive write it
/// (<see cref="OptionChainParquet.WriteAsync"/>) read the way the files source and <c>gnosis gex history</c> read it
/// (<see cref="FileMarketDataSource.ReadSnapshot"/> on the file's bytes), and the analysis (auto Greeks, the engine's
/// default) of the same chain. The chain is <see cref="HedgeBenchmarkChain"/>'s (the hedge engine benchmarks' chain: about
/// 50 expiries from 0DTE to a year, strikes around spot, a smile). Pinned to one core; Min and Median columns because the
/// shared machine makes means noisy.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*ChainParquetBenchmarks*'
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ChainParquetBenchmarks
{
    private const int Contracts = 20_000;

    private byte[] _parquet = [];
    private ChainSnapshotFile _snapshot = null!;
    private OptionChain _chain = null!;
    private HedgeEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chain = HedgeBenchmarkChain.Create(Contracts);
        using var stream = new MemoryStream();
        OptionChainParquet.WriteAsync(_chain, stream, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _parquet = stream.ToArray();
        var name = HedgeBenchmarkChain.AsOf.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture) + ".parquet";
        _snapshot = new ChainSnapshotFile("/bench/BENCH/chains/" + name, HedgeBenchmarkChain.AsOf, "BENCH/chains/" + name, "v");
        _engine = new HedgeEngine(new NoSource(), new HedgeEngineOptions { RiskFreeRate = HedgeBenchmarkChain.Rate, DividendYield = HedgeBenchmarkChain.Div });
        var read = FileMarketDataSource.ReadSnapshot(_snapshot, _parquet, "BENCH").Chain;
        if (read.Quotes.Length != _chain.Quotes.Length || !read.Quotes.AsSpan().SequenceEqual(_chain.Quotes.AsSpan()))
        {
            throw new InvalidOperationException("the Parquet snapshot does not read back as the chain written");
        }
    }

    [Benchmark(Description = "read Parquet snapshot, 20,000 contracts")]
    public int ReadSnapshot() => FileMarketDataSource.ReadSnapshot(_snapshot, _parquet, "BENCH").Chain.Quotes.Length;

    [Benchmark(Baseline = true, Description = "hedge analysis of the same chain")]
    public double Analyze() => _engine.Analyze("BENCH", HedgeBenchmarkChain.AsOf, _chain).Output.Features[HedgeFeatureNames.NetGexUsdPer1Pct];

    /// <summary>What <c>gnosis gex history</c> does per snapshot: read it, then analyse it.</summary>
    [Benchmark(Description = "read + analyse (one history row)")]
    public double ReadAndAnalyze()
    {
        var chain = FileMarketDataSource.ReadSnapshot(_snapshot, _parquet, "BENCH").Chain;
        return _engine.Analyze("BENCH", HedgeBenchmarkChain.AsOf, chain).Output.Features[HedgeFeatureNames.NetGexUsdPer1Pct];
    }

    private sealed class NoSource : Core.Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("benchmarks pass the chain directly");
    }
}
