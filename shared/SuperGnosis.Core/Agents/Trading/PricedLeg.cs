using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// One leg with the prices and Greeks the economics need. <see cref="Multiplier"/> converts one
/// <see cref="Qty"/> into shares (the contract multiplier for options, 1 for stock, whose qty is in shares).
/// <see cref="Fill"/> is the natural price per share (buy at the ask, sell at the bid; stock at the
/// underlying price). Greeks are per share: vega per 1.00 of vol, theta per year.
/// <see cref="YearsToExpiry"/> is NaN for stock. <see cref="Root"/> is the OCC root when it differs from the symbol.
/// </summary>
internal readonly record struct PricedLeg(
    InstrumentType Instrument,
    LegDirection Direction,
    int Qty,
    double Multiplier,
    double Strike,
    DateOnly? Expiry,
    double YearsToExpiry,
    double Fill,
    double Mid,
    double ImpliedVol,
    double Delta,
    double Gamma,
    double Vega,
    double Theta,
    double SpreadPctOfMid,
    string? Root = null)
{
    public int Sign => Direction == LegDirection.Buy ? 1 : -1;

    /// <summary>Signed shares per unit of the idea: sign * qty * multiplier.</summary>
    public double SignedShares => Sign * Qty * Multiplier;

    public bool IsOption => Instrument != InstrumentType.Stock;

    /// <summary>Value per share at expiry for an underlying price <paramref name="s"/> (stock: s itself).</summary>
    public double ExpiryValue(double s) => Instrument switch
    {
        InstrumentType.Call => Math.Max(s - Strike, 0),
        InstrumentType.Put => Math.Max(Strike - s, 0),
        _ => s,
    };

    public OptionRight Right => Instrument == InstrumentType.Put ? OptionRight.Put : OptionRight.Call;

    public TradeLeg ToTradeLeg() => IsOption
        ? new TradeLeg(Instrument, Direction, Qty, Strike, Expiry, Root)
        : new TradeLeg(InstrumentType.Stock, Direction, Qty, null, null);

    /// <summary>A stock leg at <paramref name="price"/> (no bid/ask for the stock in a chain: the underlying price is the fill).</summary>
    public static PricedLeg Stock(LegDirection direction, int shares, double price) =>
        new(InstrumentType.Stock, direction, shares, 1, double.NaN, null, double.NaN, price, price, double.NaN, 1, 0, 0, 0, 0);
}
