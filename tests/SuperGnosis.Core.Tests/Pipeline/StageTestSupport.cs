using System.Collections.Concurrent;
using SuperGnosis.Core.Agents;
using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Elasticity;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Engines.Liquidity;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;
using SuperGnosis.Core.Tests.Agents.Trading;
using SuperGnosis.Core.Tests.Engines.Sentiment;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>
/// A small deterministic market for symbol TEST (the chain of <see cref="TestChains"/>, 300 daily bars, a day of
/// trades and quotes, a few headlines) that counts every call, optionally failing the chain or the bars.
/// </summary>
internal sealed class CountingMarket : IOptionsChainSource, IMarketDataSource, INewsSource
{
    public const string Symbol = "TEST";

    private static readonly OptionChain Chain = TestChains.Create(new TestChains.Settings());
    private static readonly Bar[] DailyBars = MakeBars();
    private static readonly (Trade[] Trades, Quote[] Quotes) Ticks = MakeTicks();
    private static readonly NewsHeadline[] Headlines =
    [
        new(TestChains.AsOf.AddHours(-30), Symbol, "wire", "TEST shares up on upbeat guidance"),
        new(TestChains.AsOf.AddHours(-20), Symbol, "wire", "Analysts see TEST demand up"),
        new(TestChains.AsOf.AddHours(-3), Symbol, "blog", "TEST supplier outlook down"),
    ];

    private int _chainCalls;
    private int _barCalls;
    private int _tradeCalls;
    private int _quoteCalls;
    private int _newsCalls;

    public Exception? ChainError { get; init; }

    public Exception? BarsError { get; init; }

    public int ChainCalls => _chainCalls;

    public int BarCalls => _barCalls;

    public int TradeCalls => _tradeCalls;

    public int QuoteCalls => _quoteCalls;

    public int NewsCalls => _newsCalls;

    public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _chainCalls);
        return ChainError is not null ? Task.FromException<OptionChain>(ChainError) : Task.FromResult(Chain);
    }

    public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _barCalls);
        return BarsError is not null
            ? Task.FromException<IReadOnlyList<Bar>>(BarsError)
            : Task.FromResult<IReadOnlyList<Bar>>([.. DailyBars.Where(b => b.Timestamp >= from && b.Timestamp <= asOf)]);
    }

    public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _tradeCalls);
        return Task.FromResult<IReadOnlyList<Trade>>([.. Ticks.Trades.Where(t => t.Timestamp >= from && t.Timestamp <= asOf)]);
    }

    public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _quoteCalls);
        return Task.FromResult<IReadOnlyList<Quote>>([.. Ticks.Quotes.Where(q => q.Timestamp >= from && q.Timestamp <= asOf)]);
    }

    public Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _newsCalls);
        return Task.FromResult<IReadOnlyList<NewsHeadline>>([.. Headlines.Where(h => h.Timestamp >= from && h.Timestamp <= asOf)]);
    }

    private static Bar[] MakeBars()
    {
        var random = new Random(11);
        var bars = new List<Bar>();
        var close = 90.0;
        var open = new DateTimeOffset(2026, 11, 23, 14, 30, 0, TimeSpan.Zero);
        for (var day = 420; day >= 1; day--)
        {
            var t = open.AddDays(-day);
            if (t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }
            var next = close * Math.Exp(0.0004 + (0.012 * (random.NextDouble() - 0.5) * 2));
            bars.Add(new Bar(t, close, Math.Max(close, next) * 1.004, Math.Min(close, next) * 0.996, next, 2_000_000 + random.Next(1_000_000)));
            close = next;
        }
        return [.. bars];
    }

    private static (Trade[], Quote[]) MakeTicks()
    {
        var random = new Random(12);
        var trades = new List<Trade>();
        var quotes = new List<Quote>();
        var start = new DateTimeOffset(2026, 11, 24, 14, 30, 0, TimeSpan.Zero);
        var price = 100.0;
        for (var i = 0; i < 2_000; i++)
        {
            var t = start.AddSeconds(i * 9);
            price *= Math.Exp(0.0004 * (random.NextDouble() - 0.5));
            quotes.Add(new Quote(t, Math.Round(price - 0.01, 2), Math.Round(price + 0.01, 2), 100 + random.Next(900), 100 + random.Next(900)));
            var buy = random.NextDouble() < 0.55;
            trades.Add(new Trade(t.AddSeconds(1), Math.Round(price + (buy ? 0.01 : -0.01), 2), 100 * (1 + random.Next(5)), buy ? AggressorSide.Buy : AggressorSide.Sell));
        }
        return ([.. trades], [.. quotes]);
    }
}

internal static class ProductLikeComponents
{
    /// <summary>The product's stages (four engines, three agents, composer, trade agent) over <paramref name="market"/>.</summary>
    public static PipelineComponents Create(CountingMarket market, ILedgerStore? ledger = null, IMarketCaptureStore? capture = null)
    {
        IOptionsChainSource chains = market;
        IMarketDataSource data = market;
        INewsSource news = market;
        if (capture is not null)
        {
            var captured = new CapturedMarketData(capture, market, market, market);
            chains = captured.Chains!;
            data = captured.MarketData!;
            news = captured.News!;
        }
        var engines = new List<IEngine>
        {
            new HedgeEngine(chains, new HedgeEngineOptions { RiskFreeRate = TestChains.Rate }, data),
            new LiquidityEngine(data),
            new SentimentEngine(new KeywordModel(), news, chains, data),
            new ElasticityEngine(data),
        };
        return new PipelineComponents(engines, [new HedgeAgentV3(), new LiquidityAgentV1(), new SentimentAgentV1()],
            new ComposerV1(), new TradeAgent(chains, data), ledger, capture);
    }
}

/// <summary>Order in which <see cref="MessageDriver"/> takes pending messages.</summary>
public enum DeliveryOrder
{
    Fifo,
    Lifo,
    Shuffled,
}

/// <summary>A stage crashed after doing its work and before its messages were sent (the delivery is retried).</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Drives stage handlers like a queue-based host: takes pending messages one at a time in the given order, delivers
/// each to its handler and queues what it returns. With chaos: every sent message is queued 1-3 times, and a delivery
/// crashes (throws after the handler did its work; its messages are lost) with probability <see cref="CrashRate"/>,
/// in which case the message is queued again, as a queue's visibility timeout would.
/// </summary>
internal sealed class MessageDriver(PipelineStages stages, DeliveryOrder order, int seed = 1)
{
    private readonly Random _random = new(seed);

    public double CrashRate { get; init; }

    public bool Duplicate { get; init; }

    /// <summary>Messages the driver drops instead of delivering (once each), to simulate a lost message.</summary>
    public Func<OutboundMessage, bool>? Drop { get; init; }

    public List<OutboundMessage> RunEvents { get; } = [];

    public int Deliveries { get; private set; }

    public int Crashes { get; private set; }

    public async Task DrainAsync(IEnumerable<OutboundMessage> initial)
    {
        var pending = new List<OutboundMessage>();
        Enqueue(pending, initial);
        while (pending.Count > 0)
        {
            var index = order switch
            {
                DeliveryOrder.Fifo => 0,
                DeliveryOrder.Lifo => pending.Count - 1,
                _ => _random.Next(pending.Count),
            };
            var message = pending[index];
            pending.RemoveAt(index);
            if (message.To.Route == StageRoute.RunEvents)
            {
                RunEvents.Add(message);
                continue;
            }
            if (Drop?.Invoke(message) == true)
            {
                continue;
            }
            Deliveries++;
            try
            {
                var next = await stages.HandlerFor(message.To).HandleAsync(message.Message, CancellationToken.None);
                if (CrashRate > 0 && _random.NextDouble() < CrashRate)
                {
                    throw new SimulatedCrashException();
                }
                Enqueue(pending, next);
            }
            catch (Exception ex) when (ex is SimulatedCrashException or IOException)
            {
                Crashes++;
                pending.Add(message);
            }
        }
    }

    private void Enqueue(List<OutboundMessage> pending, IEnumerable<OutboundMessage> messages)
    {
        foreach (var message in messages)
        {
            var copies = Duplicate ? _random.Next(1, 4) : 1;
            for (var i = 0; i < copies; i++)
            {
                pending.Add(message);
            }
        }
    }
}

/// <summary>
/// A run state store around another that counts stored stage results per key and header updates, optionally yields
/// before every call (to interleave concurrent deliveries) and fails writes at random before they reach the store.
/// </summary>
internal sealed class InstrumentedRunStateStore(IRunStateStore inner, int seed = 1) : IRunStateStore
{
    private readonly Random _random = new(seed);

    public ConcurrentDictionary<string, int> StoredStages { get; } = new();

    public bool YieldEveryCall { get; init; }

    public double WriteFailureRate { get; init; }

    public int Conflicts;

    public async Task<VersionedRun> CreateRunAsync(RunHeader header, CancellationToken cancellationToken)
    {
        await Pause();
        return await inner.CreateRunAsync(header, cancellationToken);
    }

    public async Task<VersionedRun?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        await Pause();
        return await inner.GetRunAsync(runId, cancellationToken);
    }

    public async Task<string?> TryUpdateRunAsync(RunHeader header, string expectedVersion, CancellationToken cancellationToken)
    {
        await Pause();
        MaybeFail();
        var version = await inner.TryUpdateRunAsync(header, expectedVersion, cancellationToken);
        if (version is null)
        {
            Interlocked.Increment(ref Conflicts);
        }
        return version;
    }

    public async Task<bool> TryRecordStageAsync(string runId, StageRecord record, CancellationToken cancellationToken)
    {
        await Pause();
        MaybeFail();
        var stored = await inner.TryRecordStageAsync(runId, record, cancellationToken);
        if (stored)
        {
            StoredStages.AddOrUpdate(runId + "/" + record.Key.Name, 1, (_, n) => n + 1);
        }
        return stored;
    }

    public async Task<RunTransactionResult> TryRecordStageAndUpdateRunAsync(RunHeader header, string expectedVersion, StageRecord record, CancellationToken cancellationToken)
    {
        await Pause();
        MaybeFail();
        var result = await inner.TryRecordStageAndUpdateRunAsync(header, expectedVersion, record, cancellationToken);
        if (result.Outcome == RunTransactionOutcome.Committed)
        {
            StoredStages.AddOrUpdate(header.RunId + "/" + record.Key.Name, 1, (_, n) => n + 1);
        }
        else if (result.Outcome == RunTransactionOutcome.VersionConflict)
        {
            Interlocked.Increment(ref Conflicts);
        }
        return result;
    }

    public async Task<StageRecord?> GetStageAsync(string runId, StageKey key, CancellationToken cancellationToken)
    {
        await Pause();
        return await inner.GetStageAsync(runId, key, cancellationToken);
    }

    public async Task<RunView?> GetRunViewAsync(string runId, IReadOnlyCollection<StageKey>? keys, CancellationToken cancellationToken)
    {
        await Pause();
        return await inner.GetRunViewAsync(runId, keys, cancellationToken);
    }

    public async Task<IReadOnlyList<StageRecord>> GetStagesAsync(string runId, CancellationToken cancellationToken)
    {
        await Pause();
        return await inner.GetStagesAsync(runId, cancellationToken);
    }

    public Task<IReadOnlyList<RunHeader>> ListStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken) =>
        inner.ListStuckAsync(updatedBefore, cancellationToken);

    private async Task Pause()
    {
        if (YieldEveryCall)
        {
            await Task.Yield();
        }
    }

    private void MaybeFail()
    {
        bool fail;
        lock (_random)
        {
            fail = WriteFailureRate > 0 && _random.NextDouble() < WriteFailureRate;
        }
        if (fail)
        {
            throw new IOException("simulated storage failure before the write");
        }
    }
}
