using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Benchmarks.Data;

/// <summary>
/// Parsing a 20,000-contract chain file already in memory: seed-column CSV and CBOE delayed-quotes JSON (as text, and
/// as the file's UTF-8 bytes the way <c>gnosis gex</c> reads them), Parquet (bytes; writing it for reference), and, as
/// the yardstick of issue 18 ("reading costs no more than the analysis"), the hedge engine's analysis of the same chain.
/// 50 expiries x 200 strikes x call/put, Greeks from Black-Scholes-Merton. Pinned to one core (affinity mask 1); Min and Median columns because the shared machine makes means noisy.
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*ChainFileBenchmarks*'
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ChainFileBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2024, 1, 5, 21, 15, 4, TimeSpan.Zero);

    private string _csv = string.Empty;
    private string _cboe = string.Empty;
    private byte[] _csvBytes = [];
    private byte[] _cboeBytes = [];
    private byte[] _parquet = [];
    private OptionChain _chain = null!;
    private HedgeEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        const double spot = 4700;
        var quotes = ImmutableArray.CreateBuilder<OptionQuote>(20_000);
        var json = new StringBuilder("{\"timestamp\":\"2024-01-05 16:15:04\",\"data\":{\"symbol\":\"_SPX\",\"current_price\":4700,\"options\":[");
        for (var e = 0; e < 50; e++)
        {
            var expiry = new DateOnly(2024, 1, 8).AddDays(7 * e);
            var t = YearFraction.ToExpiry(AsOf, expiry);
            for (var k = 0; k < 200; k++)
            {
                var strike = 4200 + (5 * k);
                foreach (var right in (ReadOnlySpan<OptionRight>)[OptionRight.Call, OptionRight.Put])
                {
                    var g = BlackScholes.Greeks(right, spot, strike, t, 0.04, 0.013, 0.15);
                    var (bid, ask) = (Math.Round(g.Price * 0.99, 2), Math.Round((g.Price * 1.01) + 0.05, 2));
                    var oi = 100 + ((k * 37) + (e * 11)) % 900;
                    quotes.Add(new OptionQuote(expiry, strike, right, bid, ask, 0.5 * (bid + ask), oi / 10, oi, 0.15, g.Delta, g.Gamma, g.Vega, g.Theta, g.Vanna, g.Charm));
                    if (quotes.Count > 1)
                    {
                        json.Append(',');
                    }
                    json.Append(CultureInfo.InvariantCulture,
                        $"{{\"option\":\"SPXW{expiry:yyMMdd}{(right == OptionRight.Call ? 'C' : 'P')}{strike * 1000:00000000}\",\"bid\":{bid},\"ask\":{ask},\"iv\":0.15,\"open_interest\":{oi},\"volume\":{oi / 10},\"delta\":{Math.Round(g.Delta, 4)},\"gamma\":{Math.Round(g.Gamma, 4)},\"vega\":{Math.Round(g.Vega / 100, 4)},\"theta\":{Math.Round(g.Theta / 365, 4)},\"rho\":0,\"theo\":{Math.Round(g.Price, 4)}}}");
                }
            }
        }
        json.Append("]}}");
        _cboe = json.ToString();
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        OptionChainCsv.Write(new OptionChain("SPX", AsOf, spot, quotes.ToImmutable()), writer);
        _csv = writer.ToString();
        _csvBytes = Encoding.UTF8.GetBytes(_csv);
        _cboeBytes = Encoding.UTF8.GetBytes(_cboe);
        _chain = OptionChainCsv.Read(_csv, AsOf).Chain;
        _parquet = WriteParquet();
        _engine = new HedgeEngine(new NoSource(), new HedgeEngineOptions { RiskFreeRate = 0.04, DividendYield = 0.013 });
    }

    private byte[] WriteParquet()
    {
        using var stream = new MemoryStream();
        OptionChainParquet.WriteAsync(_chain, stream, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return stream.ToArray();
    }

    [Benchmark(Description = "read CSV, 20,000 contracts")]
    public int ReadCsv20k() => OptionChainCsv.Read(_csv, AsOf).Chain.Quotes.Length;

    [Benchmark(Description = "read CSV bytes (as gex), 20,000 contracts")]
    public int ReadCsvBytes20k() => ChainFile.Read(_csvBytes, ChainFileFormat.Auto, null, AsOf).Chain.Quotes.Length;

    [Benchmark(Description = "read CBOE JSON, 20,000 contracts")]
    public int ReadCboe20k() => CboeDelayedQuotesJson.Read(_cboe, null).Chain.Quotes.Length;

    [Benchmark(Description = "read CBOE JSON bytes (as gex), 20,000 contracts")]
    public int ReadCboeBytes20k() => ChainFile.Read(_cboeBytes, ChainFileFormat.Auto, null, AsOf).Chain.Quotes.Length;

    [Benchmark(Description = "read Parquet bytes (as gex), 20,000 contracts")]
    public int ReadParquet20k() => ChainFile.Read(_parquet, ChainFileFormat.Auto, null, AsOf).Chain.Quotes.Length;

    /// <summary>Reference: writing the same chain as Parquet (Snappy, one row group).</summary>
    [Benchmark(Description = "reference: write Parquet, 20,000 contracts")]
    public int WriteParquet20k() => WriteParquet().Length;

    /// <summary>The yardstick: the hedge engine's analysis (auto Greeks) of the chain the CSV holds.</summary>
    [Benchmark(Description = "reference: hedge analysis of the same chain")]
    public double Analyze20k() => _engine.Analyze("SPX", AsOf, _chain).Output.Features[HedgeFeatureNames.NetGexUsdPer1Pct];

    /// <summary>Baseline: System.Text.Json's parse of the same CBOE text, without reading any entry.</summary>
    [Benchmark(Description = "baseline: JsonDocument.Parse of the CBOE text")]
    public int ParseCboeOnly()
    {
        using var document = JsonDocument.Parse(_cboe);
        return document.RootElement.GetProperty("data").GetProperty("options").GetArrayLength();
    }

    private sealed class NoSource : Core.Ports.IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("benchmarks pass the chain directly");
    }
}
