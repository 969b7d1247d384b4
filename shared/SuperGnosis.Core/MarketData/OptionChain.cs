using System.Collections.Immutable;

namespace SuperGnosis.Core.MarketData;

/// <summary>Option right.</summary>
public enum OptionRight
{
    Call,
    Put,
}

/// <summary>
/// One row of an option chain, with the seed OptionsChainAdapter's columns. Missing values are NaN.
/// Greeks, when given by a provider, are per share in mathematical units: vega per 1.00 of volatility,
/// theta per year, charm per year (see docs/options-math.md). <see cref="ImpliedVol"/> is annualized.
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
    double Charm);

/// <summary>
/// A chain as of one instant. <see cref="UnderlyingPrice"/> is the spot the chain was quoted against.
/// </summary>
public sealed record OptionChain(string Symbol, DateTimeOffset AsOf, double UnderlyingPrice, ImmutableArray<OptionQuote> Quotes)
{
    public bool IsEmpty => Quotes.IsDefaultOrEmpty;

    /// <summary>Distinct expiries, ascending.</summary>
    public IReadOnlyList<DateOnly> Expiries() => [.. Quotes.Select(q => q.Expiry).Distinct().Order()];
}
