using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Backtesting;

/// <summary>Progress after one step: <see cref="Step"/> of <see cref="Steps"/> (1-based), its time and equity.</summary>
public readonly record struct BacktestProgress(int Step, int Steps, DateTimeOffset Time, double Equity);

/// <summary>
/// What a backtest produced: the equity after every step, the closed trades in closing order, the ledger records in
/// the order they were appended, and notes (orders that could not fill, steps without a chain).
/// </summary>
public sealed record BacktestResult(
    string Symbol,
    DateOnly From,
    DateOnly To,
    BacktestInterval Interval,
    double InitialEquity,
    IReadOnlyList<EquityPoint> Equity,
    IReadOnlyList<ClosedTrade> Trades,
    IReadOnlyList<LedgerRecord> Records,
    IReadOnlyList<string> Notes)
{
    public double FinalEquity => Equity.Count == 0 ? InitialEquity : Equity[^1].Equity;
}

/// <summary>
/// Event-driven backtest over a point-in-time source (docs/backtest.md). At each step t of <see cref="BacktestSchedule"/>:
/// <list type="number">
/// <item>legs whose settlement instant is at or before t settle (automatic exercise of in-the-money options);</item>
/// <item>open positions are checked for exits (DTE threshold, then target, then stop on the chain's underlying price) and
/// closed at the chain as of t, all legs or none;</item>
/// <item>the decision pipeline runs as of t (the same stage handlers as every host, in process);</item>
/// <item>every idea with recommended units &gt; 0 is filled at the chain as of t (all legs or none);</item>
/// <item>open positions are marked (quote mid, else Black-Scholes-Merton from the last implied vol) and equity recorded;</item>
/// <item>a decision's <see cref="LedgerRecord"/> is appended once all of its positions are closed, with
/// <c>realized_pnl</c> = their realized P&amp;L net of fees (null when it traded nothing); append-only, never rewritten.</item>
/// </list>
/// Every read is as of t or of a settlement instant at or before t: nothing after t can change what happens up to t.
/// At the last step every open position is valued at its marks and closed (<c>end_of_backtest</c>).
/// </summary>
public sealed class BacktestRunner
{
    /// <summary>Snapshot metadata key of a decision whose ideas were not (all) traded: idea ids and why.</summary>
    public const string NotTradedKey = "backtest.not_traded";

    private readonly Func<DateTimeOffset, CancellationToken, Task<LedgerRecord>> _decide;
    private readonly IOptionsChainSource _chains;
    private readonly IMarketDataSource? _market;
    private readonly ILedgerStore? _ledger;
    private readonly BacktestOptions _options;
    private readonly OrderSimulator _simulator;

    /// <summary>
    /// A backtest of <paramref name="pipeline"/>'s symbol. The pipeline must record nothing itself (its components without a
    /// ledger): this runner appends each decision's record to <paramref name="ledger"/> once its realized P&amp;L is known.
    /// <paramref name="chains"/> and <paramref name="market"/> are the pipeline's source (not its per-run capture);
    /// <paramref name="market"/> gives settlement prices from daily bars (optional: the chain's underlying price otherwise).
    /// </summary>
    public BacktestRunner(PipelineRunner pipeline, IOptionsChainSource chains, IMarketDataSource? market, ILedgerStore? ledger,
        BacktestOptions options, OrderSimulator? simulator = null)
        : this((pipeline ?? throw new ArgumentNullException(nameof(pipeline))).Symbol,
            async (t, ct) => (await pipeline.RunOnceAsync(t, ct).ConfigureAwait(false)).LedgerRecord, chains, market, ledger, options, simulator)
    {
    }

    /// <summary>For tests: decisions from <paramref name="decide"/> instead of a pipeline.</summary>
    internal BacktestRunner(string symbol, Func<DateTimeOffset, CancellationToken, Task<LedgerRecord>> decide, IOptionsChainSource chains,
        IMarketDataSource? market, ILedgerStore? ledger, BacktestOptions options, OrderSimulator? simulator = null)
    {
        Symbol = ContractValidation.Symbol(symbol);
        _decide = decide ?? throw new ArgumentNullException(nameof(decide));
        _chains = chains ?? throw new ArgumentNullException(nameof(chains));
        _market = market;
        _ledger = ledger;
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        _simulator = simulator ?? OrderSimulator.From(_options);
    }

    public string Symbol { get; }

    public BacktestOptions Options => _options;

    /// <summary>Runs the backtest over the sessions in [from, to]; <see cref="ArgumentException"/> when the range is invalid or has no session.</summary>
    public async Task<BacktestResult> RunAsync(DateOnly from, DateOnly to, IProgress<BacktestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var steps = BacktestSchedule.Steps(_options.Calendar, from, to, _options.Interval);
        if (steps.Count == 0)
        {
            throw new ArgumentException($"no NYSE session between {from:yyyy-MM-dd} and {to:yyyy-MM-dd}", nameof(from));
        }
        var state = new RunState(this, steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await state.StepAsync(steps[i], last: i == steps.Count - 1, cancellationToken).ConfigureAwait(false);
            progress?.Report(new BacktestProgress(i + 1, steps.Count, steps[i], state.Equity[^1].Equity));
        }
        return new BacktestResult(Symbol, from, to, _options.Interval, _options.InitialEquity, state.Equity, state.Trades, state.Records, state.Notes);
    }

    /// <summary>The mutable state of one run.</summary>
    private sealed class RunState(BacktestRunner owner, int steps)
    {
        private readonly List<OpenPosition> _open = [];
        private readonly Dictionary<(DateOnly, OptionSettlement), double> _settlementPrices = [];
        private double _cash = owner._options.InitialEquity;
        private double _lastSpot = double.NaN;
        private (int Year, int Month) _month;
        private int _monthContracts;

        public List<EquityPoint> Equity { get; } = new(steps);

        public List<ClosedTrade> Trades { get; } = [];

        public List<LedgerRecord> Records { get; } = [];

        public List<string> Notes { get; } = [];

        private BacktestOptions O => owner._options;

        public async Task StepAsync(DateTimeOffset t, bool last, CancellationToken ct)
        {
            var chain = await ChainAsync(t, ct).ConfigureAwait(false);
            if (chain is not null && chain.UnderlyingPrice > 0 && double.IsFinite(chain.UnderlyingPrice))
            {
                _lastSpot = chain.UnderlyingPrice;
            }
            var closedNow = new List<PendingRecord>();

            await SettleAsync(t, closedNow, ct).ConfigureAwait(false);
            ExitPositions(t, chain, closedNow);

            var record = await owner._decide(t, ct).ConfigureAwait(false);
            var pending = Open(t, record, chain, last);

            if (last)
            {
                CloseAll(t, chain, closedNow);
            }
            Mark(t, chain);
            await AppendAsync(pending, closedNow, ct).ConfigureAwait(false);
        }

        private async Task<OptionChain?> ChainAsync(DateTimeOffset t, CancellationToken ct)
        {
            try
            {
                var chain = await owner._chains.GetChainAsync(owner.Symbol, t, ct).ConfigureAwait(false);
                return chain.AsOf <= t ? chain : throw new InvalidOperationException($"the source returned a chain as of {chain.AsOf:O} for {t:O}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Notes.Add($"{t:O}: no chain ({ex.Message}); no fills, marks from the model");
                return null;
            }
        }

        // 1. Expiry settlement of every leg whose settlement instant has passed.
        private async Task SettleAsync(DateTimeOffset t, List<PendingRecord> closedNow, CancellationToken ct)
        {
            for (var p = _open.Count - 1; p >= 0; p--)
            {
                var position = _open[p];
                string? reason = null;
                foreach (var leg in position.Legs)
                {
                    if (!leg.IsOpen || !leg.Leg.IsOption || leg.SettlesAt > t)
                    {
                        continue;
                    }
                    var (price, basis) = await SettlementPriceAsync(leg, t, ct).ConfigureAwait(false);
                    var right = leg.Leg.InstrumentType == InstrumentType.Call ? OptionRight.Call : OptionRight.Put;
                    var value = PositionValuation.SettlementValue(right, leg.Leg.Strike!.Value, price, O.ExerciseThreshold);
                    var flow = leg.Leg.Sign * leg.Quantity * owner._simulator.ContractMultiplier * value;
                    position.ExitCash += flow;
                    _cash += flow;
                    leg.IsOpen = false;
                    reason = basis;
                }
                if (reason is not null && !position.HasOpenLegs)
                {
                    Finish(p, position, position.Legs.Max(l => l.SettlesAt), reason, closedNow);
                }
            }
        }

        /// <summary>
        /// The underlying's settlement price of an expiry: the daily bar of the expiry date (close for PM, open for AM),
        /// else the chain's underlying price as of the settlement instant, else the last spot seen (named in the reason).
        /// </summary>
        private async Task<(double Price, string Reason)> SettlementPriceAsync(HeldLeg leg, DateTimeOffset t, CancellationToken ct)
        {
            var expiry = leg.Leg.Expiry!.Value;
            if (_settlementPrices.TryGetValue((expiry, leg.Settlement), out var cached))
            {
                return (cached, "expiry");
            }
            var price = double.NaN;
            if (owner._market is { } market)
            {
                try
                {
                    var open = O.Calendar.OpenOf(expiry);
                    var asOf = leg.Settlement == OptionSettlement.Am ? t : leg.SettlesAt;
                    var bars = await market.GetBarsAsync(owner.Symbol, BarInterval.Daily, open, asOf, ct).ConfigureAwait(false);
                    foreach (var bar in bars)
                    {
                        if (NewYorkTime.DateOf(bar.Timestamp) == expiry)
                        {
                            price = leg.Settlement == OptionSettlement.Am ? bar.Open : bar.Close;
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Notes.Add($"{expiry:yyyy-MM-dd}: no daily bar for settlement ({ex.Message})");
                }
            }
            if (!(price > 0 && double.IsFinite(price)))
            {
                try
                {
                    var chain = await owner._chains.GetChainAsync(owner.Symbol, leg.SettlesAt, ct).ConfigureAwait(false);
                    price = chain.UnderlyingPrice;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Notes.Add($"{expiry:yyyy-MM-dd}: no chain at settlement ({ex.Message})");
                }
            }
            if (price > 0 && double.IsFinite(price))
            {
                _settlementPrices[(expiry, leg.Settlement)] = price;
                return (price, "expiry");
            }
            Notes.Add($"{expiry:yyyy-MM-dd}: no settlement price from the source; settled at the last spot seen, {_lastSpot.ToString(CultureInfo.InvariantCulture)}");
            return (_lastSpot, "expiry_at_last_spot");
        }

        // 2. Exits: DTE threshold first, then target, then stop.
        private void ExitPositions(DateTimeOffset t, OptionChain? chain, List<PendingRecord> closedNow)
        {
            if (chain is null)
            {
                return;
            }
            var spot = chain.UnderlyingPrice;
            for (var p = _open.Count - 1; p >= 0; p--)
            {
                var position = _open[p];
                var reason = ExitReason(position, t, spot);
                if (reason is null)
                {
                    continue;
                }
                if (TryClose(position, chain, t, out var failure))
                {
                    Finish(p, position, t, reason, closedNow);
                }
                else
                {
                    Notes.Add($"{t:O}: {position.Idea.Id} not closed ({reason}): {failure}; retried next step");
                }
            }
        }

        private string? ExitReason(OpenPosition position, DateTimeOffset t, double spot)
        {
            if (O.ExitDte > 0)
            {
                var nearest = position.Legs.Where(l => l.IsOpen && l.Leg.IsOption).Select(l => l.SettlesAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
                if (nearest != DateTimeOffset.MaxValue && YearFraction.Act365(t, nearest) * 365 <= O.ExitDte)
                {
                    return "dte";
                }
            }
            if (!(spot > 0 && double.IsFinite(spot)))
            {
                return null;
            }
            var idea = position.Idea;
            var up = idea.Side == TradeSide.Long;
            var down = idea.Side == TradeSide.Short;
            if (O.ExitAtTarget && idea.TargetExitPrice is { } target && ((up && spot >= target) || (down && spot <= target)))
            {
                return "target";
            }
            if (O.ExitAtStop && idea.StopLossPrice is { } stop && ((up && spot <= stop) || (down && spot >= stop)))
            {
                return "stop";
            }
            return null;
        }

        private bool TryClose(OpenPosition position, OptionChain chain, DateTimeOffset t, out string? failure)
        {
            var legs = position.Legs.Where(l => l.IsOpen)
                .Select(l => new OrderLeg(l.Leg, l.Leg.Direction == LegDirection.Buy ? LegDirection.Sell : LegDirection.Buy, l.Quantity))
                .ToList();
            var fill = owner._simulator.Fill(owner.Symbol, legs, chain, MonthContracts(t));
            if (!fill.Filled)
            {
                failure = fill.Reason;
                return false;
            }
            Book(fill, t);
            position.ExitCash += fill.CashFlow;
            position.Fees += fill.Fees;
            foreach (var leg in position.Legs)
            {
                leg.IsOpen = false;
            }
            failure = null;
            return true;
        }

        // 4. Fill every idea of the decision with units > 0.
        private PendingRecord Open(DateTimeOffset t, LedgerRecord record, OptionChain? chain, bool last)
        {
            var tradable = record.TradeIdeas.Where(i => i.RecommendedUnits > 0).ToList();
            var notTraded = new List<string>();
            var fills = new List<(TradeIdea Idea, OrderFill Fill)>();
            if (last)
            {
                // A position opened at the last step would be closed at once, at the same quotes: only the spread and fees.
                notTraded.AddRange(tradable.Select(i => $"{i.Id}:end_of_backtest"));
                tradable.Clear();
            }
            if (tradable.Count > 0 && O.MaxOpenPositions > 0 && _open.Count + tradable.Count > O.MaxOpenPositions)
            {
                notTraded.AddRange(tradable.Select(i => $"{i.Id}:max_open_positions"));
                tradable.Clear();
            }
            var contracts = MonthContracts(t);
            foreach (var idea in tradable)
            {
                if (chain is null)
                {
                    notTraded.Add($"{idea.Id}:no_chain");
                    continue;
                }
                var orderLegs = idea.Legs.Select(l => new OrderLeg(l, l.Direction, checked(l.Qty * idea.RecommendedUnits))).ToList();
                var fill = owner._simulator.Fill(owner.Symbol, orderLegs, chain, contracts);
                if (!fill.Filled)
                {
                    notTraded.Add($"{idea.Id}:no_fill");
                    Notes.Add($"{t:O}: {idea.Id} not opened: {fill.Reason}");
                    continue;
                }
                contracts += fill.Contracts;
                fills.Add((idea, fill));
            }
            if (notTraded.Count > 0)
            {
                var s = record.Snapshot;
                var metadata = s.Metadata.ToDictionary(StringComparer.Ordinal);
                metadata[NotTradedKey] = string.Join(",", notTraded);
                var snapshot = new StandardSnapshot(s.Symbol, s.Timestamp, s.Hedge, s.Liquidity, s.Sentiment, s.Elasticity, s.Regime, metadata);
                record = new LedgerRecord(record.Timestamp, record.Symbol, snapshot, record.PrimarySuggestions, record.CompositeSuggestion, record.TradeIdeas, null);
            }
            var pending = new PendingRecord(record, fills.Count);
            foreach (var (idea, fill) in fills)
            {
                Book(fill, t);
                var held = fill.Legs.Select(f => Held(f, t, chain!.UnderlyingPrice)).ToList();
                _open.Add(new OpenPosition(idea, record.RunId ?? "", idea.RecommendedUnits, t, held, fill.CashFlow, fill.Fees, pending));
            }
            return pending;
        }

        private HeldLeg Held(LegFill fill, DateTimeOffset t, double spot)
        {
            var leg = fill.Leg.Leg;
            if (!leg.IsOption || fill.Quote is not { } q)
            {
                return new HeldLeg(leg, fill.Leg.Quantity, OptionSettlement.Pm, DateTimeOffset.MaxValue, double.NaN);
            }
            var settlesAt = YearFraction.SettlementInstant(O.Calendar, q.Expiry, q.Settlement);
            var iv = PositionValuation.ImpliedVolOf(q, spot, YearFraction.Act365(t, settlesAt), O.Rate, O.Yield);
            return new HeldLeg(leg, fill.Leg.Quantity, q.Settlement, settlesAt, iv);
        }

        /// <summary>
        /// The last step values every open position at its marks (quote mids, else the model), without fees: the end of
        /// the data is not a trade, and closing at natural prices would book the whole spread of every leg (more than the
        /// position is worth for a far out-of-the-money butterfly).
        /// </summary>
        private void CloseAll(DateTimeOffset t, OptionChain? chain, List<PendingRecord> closedNow)
        {
            for (var p = _open.Count - 1; p >= 0; p--)
            {
                var position = _open[p];
                var value = PositionValue(position, t, chain);
                position.ExitCash += value;
                _cash += value;
                foreach (var leg in position.Legs)
                {
                    leg.IsOpen = false;
                }
                Finish(p, position, t, "end_of_backtest", closedNow);
            }
        }

        // 5. Marks: equity = cash + value of the open legs.
        private void Mark(DateTimeOffset t, OptionChain? chain)
        {
            var value = 0.0;
            foreach (var position in _open)
            {
                value += PositionValue(position, t, chain);
            }
            Equity.Add(new EquityPoint(t, _cash + value, _cash, _open.Count));
        }

        private double PositionValue(OpenPosition position, DateTimeOffset t, OptionChain? chain)
        {
            var spot = chain is not null && chain.UnderlyingPrice > 0 && double.IsFinite(chain.UnderlyingPrice) ? chain.UnderlyingPrice : _lastSpot;
            var value = 0.0;
            foreach (var leg in position.Legs)
            {
                if (!leg.IsOpen)
                {
                    continue;
                }
                double mark;
                if (!leg.Leg.IsOption)
                {
                    mark = spot;
                }
                else
                {
                    var quote = chain is null ? null : ChainLookup.Find(chain, owner.Symbol, leg.Leg);
                    var years = YearFraction.Act365(t, leg.SettlesAt);
                    var right = leg.Leg.InstrumentType == InstrumentType.Call ? OptionRight.Call : OptionRight.Put;
                    if (quote is { } q)
                    {
                        var iv = PositionValuation.ImpliedVolOf(q, spot, years, O.Rate, O.Yield);
                        if (double.IsFinite(iv))
                        {
                            leg.LastIv = iv;
                        }
                    }
                    mark = PositionValuation.Mark(quote, right, leg.Leg.Strike!.Value, spot, years, leg.LastIv, O.Rate, O.Yield);
                }
                value += leg.Leg.Sign * leg.Quantity * owner._simulator.MultiplierOf(leg.Leg) * (double.IsFinite(mark) ? mark : 0);
            }
            return value;
        }

        private void Finish(int index, OpenPosition position, DateTimeOffset at, string reason, List<PendingRecord> closedNow)
        {
            var trade = position.Close(at, reason);
            Trades.Add(trade);
            _open.RemoveAt(index);
            var record = position.Record;
            record.RealizedPnl += trade.RealizedPnl;
            record.OpenPositions--;
            if (record.OpenPositions == 0)
            {
                closedNow.Add(record);
            }
        }

        private void Book(OrderFill fill, DateTimeOffset t)
        {
            MonthContracts(t);
            _monthContracts += fill.Contracts;
            _cash += fill.CashFlow - fill.Fees;
        }

        private int MonthContracts(DateTimeOffset t)
        {
            var date = NewYorkTime.DateOf(t);
            if ((date.Year, date.Month) != _month)
            {
                _month = (date.Year, date.Month);
                _monthContracts = 0;
            }
            return _monthContracts;
        }

        // 6. Append the records whose positions all closed now (by decision time), then this step's if it holds nothing open.
        private async Task AppendAsync(PendingRecord current, List<PendingRecord> closedNow, CancellationToken ct)
        {
            var ready = closedNow.Where(r => r != current).OrderBy(r => r.Record.Timestamp).ToList();
            if (current.OpenPositions == 0)
            {
                ready.Add(current);
            }
            foreach (var pending in ready)
            {
                var r = pending.Record;
                // Null when the decision traded nothing: nothing was realized.
                var realized = pending.Positions == 0 ? (double?)null : pending.RealizedPnl;
                var record = new LedgerRecord(r.Timestamp, r.Symbol, r.Snapshot, r.PrimarySuggestions, r.CompositeSuggestion, r.TradeIdeas, realized);
                if (owner._ledger is { } ledger)
                {
                    await ledger.AppendAsync(record, ct).ConfigureAwait(false);
                }
                Records.Add(record);
            }
        }
    }
}
