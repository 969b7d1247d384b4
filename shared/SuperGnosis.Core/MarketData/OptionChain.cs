using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace SuperGnosis.Core.MarketData;

/// <summary>Option right.</summary>
public enum OptionRight
{
    Call,
    Put,
}

/// <summary>When an option can be exercised.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExerciseStyle>))]
public enum ExerciseStyle
{
    /// <summary>Any time up to expiry (US equity and ETF options).</summary>
    [JsonStringEnumMemberName("american")] American,

    /// <summary>At expiry only (cash-settled index options: SPX, SPXW, NDX, RUT, XSP, ...).</summary>
    [JsonStringEnumMemberName("european")] European,
}

/// <summary>
/// Which price settles the contract, and so when it stops having time value (docs/options-math.md):
/// PM = the closing price of the expiry date (the calendar's session close, 13:00 New York on an early close);
/// AM = the special opening quotation (SOQ) of the expiry date: the last trading day is the day before and the
/// value is set from the opening prints, so the contract's time runs to the session open (09:30 New York).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<OptionSettlement>))]
public enum OptionSettlement
{
    [JsonStringEnumMemberName("pm")] Pm,
    [JsonStringEnumMemberName("am")] Am,
}

/// <summary>
/// One row of an option chain, with the seed OptionsChainAdapter's columns. Missing values are NaN.
/// Greeks, when given by a provider, are per share in mathematical units: vega per 1.00 of volatility,
/// theta per year, charm per year (see docs/options-math.md). <see cref="ImpliedVol"/> is annualized.
/// <see cref="Root"/> is the OCC root (SPX vs SPXW); null means the chain's symbol (<see cref="OptionChain.RootOf"/>).
/// <see cref="ExerciseStyle"/> and <see cref="Settlement"/> default to American and PM (US equity options); every
/// reader sets them explicitly.
/// </summary>
public readonly record struct OptionQuote(
    DateOnly Expiry,
    double Strike,
    OptionRight Right,
    double Bid,
    double Ask,
    double Mid,
    double Volume,
    double OpenInterest,
    double ImpliedVol,
    double Delta,
    double Gamma,
    double Vega,
    double Theta,
    double Vanna,
    double Charm,
    string? Root = null,
    ExerciseStyle ExerciseStyle = ExerciseStyle.American,
    OptionSettlement Settlement = OptionSettlement.Pm);

/// <summary>
/// A chain as of one instant. <see cref="UnderlyingPrice"/> is the spot the chain was quoted against.
/// </summary>
public sealed record OptionChain(string Symbol, DateTimeOffset AsOf, double UnderlyingPrice, ImmutableArray<OptionQuote> Quotes)
{
    [JsonIgnore] public bool IsEmpty => Quotes.IsDefaultOrEmpty;

    /// <summary>The OCC root of a quote: its own, else the chain symbol.</summary>
    public string RootOf(in OptionQuote quote) => quote.Root ?? Symbol;

    /// <summary>Distinct expiry dates, ascending (an AM and a PM expiry on one date count once here).</summary>
    public IReadOnlyList<DateOnly> Expiries() => [.. Quotes.Select(q => q.Expiry).Distinct().Order()];
}
