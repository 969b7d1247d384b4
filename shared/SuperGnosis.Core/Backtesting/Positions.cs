using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Backtesting;

/// <summary>
/// A closed position: one trade idea taken at <see cref="Units"/> units. Cash flows in currency, contract multiplier
/// included: <see cref="EntryCashFlow"/> (negative = a debit paid), <see cref="ExitCashFlow"/> (closing fills and expiry
/// settlement of every leg), <see cref="Fees"/> (entry and exit orders). <see cref="RealizedPnl"/> = entry + exit - fees.
/// <see cref="ExitReason"/>: <c>target</c>, <c>stop</c>, <c>dte</c>, <c>expiry</c>, <c>expiry_at_last_spot</c> or <c>end_of_backtest</c>
/// (valued at the last step's marks, no fees).
/// </summary>
public sealed record ClosedTrade(
    string IdeaId,
    string RunId,
    string Symbol,
    string StrategyType,
    TradeSide Side,
    int Units,
    DateTimeOffset OpenedAt,
    DateTimeOffset ClosedAt,
    double EntryCashFlow,
    double ExitCashFlow,
    double Fees,
    double RealizedPnl,
    string ExitReason);

/// <summary>Equity after a step: cash plus the marked value of the open positions.</summary>
public readonly record struct EquityPoint(DateTimeOffset Time, double Equity, double Cash, int OpenPositions);

/// <summary>One held leg of an open position: signed quantity, its contract's settlement instant and the last implied vol seen.</summary>
internal sealed class HeldLeg(TradeLeg leg, int quantity, OptionSettlement settlement, DateTimeOffset settlesAt, double iv)
{
    public TradeLeg Leg { get; } = leg;

    /// <summary>Contracts or shares held (the idea's qty x units).</summary>
    public int Quantity { get; } = quantity;

    public OptionSettlement Settlement { get; } = settlement;

    /// <summary>Settlement instant of an option leg; <see cref="DateTimeOffset.MaxValue"/> for stock.</summary>
    public DateTimeOffset SettlesAt { get; } = settlesAt;

    /// <summary>Last implied vol of the contract (sticky strike) for model marks when its quote is missing; NaN if never known.</summary>
    public double LastIv { get; set; } = iv;

    public bool IsOpen { get; set; } = true;
}

/// <summary>A position while it is open (mutable state of the runner only).</summary>
internal sealed class OpenPosition(TradeIdea idea, string runId, int units, DateTimeOffset openedAt, IReadOnlyList<HeldLeg> legs, double entryCash, double entryFees, PendingRecord record)
{
    public TradeIdea Idea { get; } = idea;

    public string RunId { get; } = runId;

    public int Units { get; } = units;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public IReadOnlyList<HeldLeg> Legs { get; } = legs;

    public double EntryCash { get; } = entryCash;

    public double ExitCash { get; set; }

    public double Fees { get; set; } = entryFees;

    public PendingRecord Record { get; } = record;

    public bool HasOpenLegs => Legs.Any(l => l.IsOpen);

    public ClosedTrade Close(DateTimeOffset at, string reason) =>
        new(Idea.Id, RunId, Idea.Symbol, Idea.StrategyType, Idea.Side, Units, OpenedAt, at, EntryCash, ExitCash, Fees, EntryCash + ExitCash - Fees, reason);
}

/// <summary>A decision's ledger record waiting for its positions to close.</summary>
internal sealed class PendingRecord(LedgerRecord record, int positions)
{
    public LedgerRecord Record { get; } = record;

    /// <summary>Positions the decision opened.</summary>
    public int Positions { get; } = positions;

    public int OpenPositions { get; set; } = positions;

    public double RealizedPnl { get; set; }
}

/// <summary>Expiry settlement and marking of held legs (docs/backtest.md, "Settlement" and "Marking").</summary>
public static class PositionValuation
{
    /// <summary>
    /// Value per share of an option at settlement price <paramref name="settlementPrice"/>: the intrinsic value when the
    /// option is in the money by at least <paramref name="exerciseThreshold"/> (automatic exercise; OCC's exercise by
    /// exception uses $0.01), else 0 (expires worthless). Exercise or assignment delivers shares at the strike, valued at
    /// the settlement price: the cash equivalent is the intrinsic value.
    /// </summary>
    public static double SettlementValue(OptionRight right, double strike, double settlementPrice, double exerciseThreshold)
    {
        var intrinsic = right == OptionRight.Call ? settlementPrice - strike : strike - settlementPrice;
        // Prices sit on a cent grid: 100.01 - 100 is 0.0100000000000051 or 0.00999999999999801 depending on rounding, so
        // the comparison allows a billionth.
        return intrinsic > 0 && intrinsic >= exerciseThreshold - 1e-9 ? intrinsic : 0;
    }

    /// <summary>
    /// Mark per share of an option: the quote's mid when it is usable; else Black-Scholes-Merton at the last implied vol
    /// (sticky strike) with the time left to settlement; intrinsic value once settled or when no vol is known.
    /// </summary>
    public static double Mark(OptionQuote? quote, OptionRight right, double strike, double spot, double yearsToSettlement, double lastIv, double rate, double dividendYield)
    {
        if (quote is { } q && QuoteFillModel.IsUsable(q.Bid, q.Ask))
        {
            return 0.5 * (q.Bid + q.Ask);
        }
        return ModelValue(right, strike, spot, yearsToSettlement, lastIv, rate, dividendYield);
    }

    /// <summary>Black-Scholes-Merton value at <paramref name="vol"/>, or intrinsic when the time is over or the vol unknown.</summary>
    public static double ModelValue(OptionRight right, double strike, double spot, double yearsToSettlement, double vol, double rate, double dividendYield)
    {
        var intrinsic = Math.Max(0, right == OptionRight.Call ? spot - strike : strike - spot);
        if (!(yearsToSettlement > 0) || !(vol > 0) || !double.IsFinite(vol) || !(spot > 0))
        {
            return intrinsic;
        }
        var value = BlackScholes.Price(right, spot, strike, yearsToSettlement, rate, dividendYield, vol);
        return double.IsFinite(value) ? value : intrinsic;
    }

    /// <summary>The implied vol of a quote: its own when finite and positive, else solved from its mid; NaN when neither works.</summary>
    public static double ImpliedVolOf(in OptionQuote quote, double spot, double yearsToSettlement, double rate, double dividendYield)
    {
        if (quote.ImpliedVol > 0 && double.IsFinite(quote.ImpliedVol))
        {
            return quote.ImpliedVol;
        }
        if (!QuoteFillModel.IsUsable(quote.Bid, quote.Ask) || !(yearsToSettlement > 0))
        {
            return double.NaN;
        }
        var solved = ImpliedVolatility.European(quote.Right, 0.5 * (quote.Bid + quote.Ask), spot, quote.Strike, yearsToSettlement, rate, dividendYield);
        return solved.IsOk ? solved.Volatility : double.NaN;
    }
}
