using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Training;

namespace SuperGnosis.Benchmarks.Engines;

/// <summary>
/// Headline scoring throughput (10,000 TFNS validation headlines, cycled) and the sentiment engine's per-run cost
/// with 200 headlines, a 132-contract chain and 180 daily bars, for the bundled blended model and the n-gram model alone; and the hybrid model (MiniLM) on 200 headlines,
/// for the model-choice comparison in docs/sentiment.md. Pinned to one core (affinity mask 1).
/// Run: dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*SentimentBenchmarks*'
/// </summary>
[Config(typeof(OneCoreConfig))]
[MemoryDiagnoser]
public class SentimentBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<EngineKind, EngineOutput> NoUpstream = [];

    private string[] _headlines10k = [];
    private SentimentEngine _engine = null!;
    private SentimentEngine _ngramEngine = null!;
    private BlendedSentimentModel _model = null!;
    private NGramSentimentModel _ngram = null!;
    private HybridHeadlineSentimentModel _hybrid = null!;
    private MiniLmSentenceEmbedder _embedder = null!;
    private string[] _headlines200 = [];

    [GlobalSetup]
    public void Setup()
    {
        _model = BundledSentimentModel.Instance;
        _ngram = BundledSentimentModel.NGram;
        var texts = LoadValidationTexts();
        _headlines10k = [.. Enumerable.Range(0, 10_000).Select(i => texts[i % texts.Count])];
        var news = _headlines10k.Take(200)
            .Select((t, i) => new NewsHeadline(AsOf.AddMinutes(-10 * i), "ACME", i % 3 == 0 ? "wire" : "blog", t))
            .ToArray();
        _engine = new SentimentEngine(_model, new Headlines(news), new Chain(BuildChain()), new Bars(BuildBars()));
        _ngramEngine = new SentimentEngine(_ngram, new Headlines(news), new Chain(BuildChain()), new Bars(BuildBars()));
        _headlines200 = _headlines10k[..200];
        _embedder = new MiniLmSentenceEmbedder();
        _hybrid = new HybridHeadlineSentimentModel(_ngram, BundledHybridSentimentModel.LoadHead(), _embedder);
    }

    [GlobalCleanup]
    public void Cleanup() => _embedder.Dispose();

    [Benchmark(Description = "hybrid (MiniLM) score 200 headlines")]
    public double Hybrid200()
    {
        double sum = 0;
        foreach (var s in _hybrid.ScoreMany(_headlines200))
        {
            sum += s.Score;
        }
        return sum;
    }

    [Benchmark(Description = "score 10,000 headlines")]
    public double Score10k()
    {
        double sum = 0;
        foreach (var h in _headlines10k)
        {
            sum += _model.Score(h).Score;
        }
        return sum;
    }

    [Benchmark(Description = "n-gram model alone: score 10,000 headlines")]
    public double NGramScore10k()
    {
        double sum = 0;
        foreach (var h in _headlines10k)
        {
            sum += _ngram.Score(h).Score;
        }
        return sum;
    }

    [Benchmark(Description = "engine run, 200 headlines + chain + bars")]
    public async Task<double> EngineRun200()
    {
        var output = await _engine.RunAsync("ACME", AsOf, NoUpstream, CancellationToken.None).ConfigureAwait(false);
        return output.Confidence;
    }

    [Benchmark(Description = "engine run with the n-gram model alone, 200 headlines + chain + bars")]
    public async Task<double> NGramEngineRun200()
    {
        var output = await _ngramEngine.RunAsync("ACME", AsOf, NoUpstream, CancellationToken.None).ConfigureAwait(false);
        return output.Confidence;
    }

    private static List<string> LoadValidationTexts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "data", "twitter-financial-news-sentiment", "valid.csv");
            if (File.Exists(path))
            {
                using var reader = new StreamReader(path);
                return [.. LabelledHeadlineCsv.Read(reader).Select(h => h.Text)];
            }
        }
        throw new FileNotFoundException("data/twitter-financial-news-sentiment/valid.csv not found above " + AppContext.BaseDirectory);
    }

    private static OptionChain BuildChain()
    {
        var today = DateOnly.FromDateTime(AsOf.UtcDateTime);
        var quotes = new List<OptionQuote>();
        foreach (var days in new[] { 3, 10, 17, 31, 59, 94 })
        {
            for (var k = 80; k <= 120; k += 4)
            {
                foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
                {
                    var mid = Math.Max(0.05, right == OptionRight.Call ? 100 - k : k - 100) + 0.4 * Math.Sqrt(days);
                    quotes.Add(new OptionQuote(today.AddDays(days), k, right, mid - 0.05, mid + 0.05, mid, 100 + (k * days % 700), 1500,
                        0.25, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN));
                }
            }
        }
        return new OptionChain("ACME", AsOf, 100, [.. quotes]);
    }

    private static Bar[] BuildBars()
    {
        var bars = new Bar[180];
        var close = 100.0;
        for (var i = 0; i < bars.Length; i++)
        {
            var open = close;
            close *= 1 + 0.01 * Math.Sin(i * 0.7);
            bars[i] = new Bar(AsOf.AddDays(-bars.Length + i), open, Math.Max(open, close) * 1.004, Math.Min(open, close) * 0.996, close, 1e6);
        }
        return bars;
    }

    private sealed class Headlines(NewsHeadline[] items) : INewsSource
    {
        public Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<NewsHeadline>>(items);
    }

    private sealed class Chain(OptionChain chain) : IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) => Task.FromResult(chain);
    }

    private sealed class Bars(Bar[] bars) : IMarketDataSource
    {
        public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Bar>>(bars);

        public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Trade>>([]);

        public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Quote>>([]);
    }
}
