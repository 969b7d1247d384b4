using System.Collections.Immutable;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Engines.Hedge;

/// <summary>Builds small chains with model-consistent quotes for hedge-engine tests.</summary>
internal sealed class ChainBuilder(double spot, DateTimeOffset asOf, double rate = 0.03, double div = 0.01)
{
    private readonly List<OptionQuote> _rows = [];

    public double Spot { get; } = spot;

    public DateTimeOffset AsOf { get; } = asOf;

    /// <summary>Adds a contract priced by BSM at <paramref name="iv"/>; Greeks columns filled unless <paramref name="withGreeks"/> is false.</summary>
    public ChainBuilder Add(OptionRight right, double strike, DateOnly expiry, double oi, double iv = 0.2, bool withGreeks = true, bool withIv = true)
    {
        var t = YearFraction.ToExpiry(AsOf, expiry);
        var g = BlackScholes.Greeks(right, Spot, strike, t, rate, div, iv);
        var mid = g.Price;
        _rows.Add(new OptionQuote(expiry, strike, right, mid * 0.99, mid * 1.01, mid, oi / 10, oi, withIv ? iv : double.NaN,
            withGreeks ? g.Delta : double.NaN, withGreeks ? g.Gamma : double.NaN, withGreeks ? g.Vega : double.NaN,
            withGreeks ? g.Theta : double.NaN, withGreeks ? g.Vanna : double.NaN, withGreeks ? g.Charm : double.NaN));
        return this;
    }

    public ChainBuilder AddRaw(OptionQuote quote)
    {
        _rows.Add(quote);
        return this;
    }

    public List<OptionQuote> Rows => _rows;

    public OptionChain Build(string symbol = "SPY") => new(symbol, AsOf, Spot, [.. _rows]);

    public OptionChain Build(IEnumerable<OptionQuote> rows, string symbol = "SPY") => new(symbol, AsOf, Spot, rows.ToImmutableArray());
}
