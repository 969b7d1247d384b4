using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Data.Synthetic;

/// <summary>
/// Parameters of one synthetic underlying. Variance follows a Heston-type square-root process
/// (annualized long-run variance <see cref="LongRunVariance"/>, mean reversion <see cref="MeanReversion"/>
/// per year, vol of variance <see cref="VolOfVariance"/>, spot/variance correlation <see cref="Leverage"/>).
/// </summary>
public sealed record SymbolProfile(
    string Symbol,
    double PriceAtEpoch,
    double AnnualDrift,
    double LongRunVariance,
    double MeanReversion,
    double VolOfVariance,
    double Leverage,
    double AverageDailyVolume,
    double SpreadBps,
    double DividendYield,
    bool HasDailyExpiries,
    double StrikeStepOverride,
    string CompanyName)
{
    /// <summary>Known symbols get realistic parameters; any other ticker gets parameters derived from its name.</summary>
    public static SymbolProfile For(string symbol) => symbol switch
    {
        "SPY" => new(symbol, 205, 0.10, 0.03, 3.0, 0.45, -0.75, 75e6, 0.3, 0.013, true, 1, "SPDR S&P 500 ETF"),
        "QQQ" => new(symbol, 102, 0.14, 0.045, 3.0, 0.55, -0.7, 45e6, 0.4, 0.006, true, 1, "Invesco QQQ Trust"),
        "IWM" => new(symbol, 119, 0.06, 0.05, 3.0, 0.55, -0.65, 30e6, 0.6, 0.012, true, 1, "iShares Russell 2000 ETF"),
        "AAPL" => new(symbol, 27, 0.20, 0.08, 2.5, 0.6, -0.5, 60e6, 0.8, 0.005, false, 0, "Apple Inc."),
        "TSLA" => new(symbol, 15, 0.30, 0.30, 2.0, 0.9, -0.3, 100e6, 1.2, 0.0, false, 0, "Tesla Inc."),
        _ => Derived(symbol),
    };

    private static SymbolProfile Derived(string symbol)
    {
        var rng = DeterministicRandom.For("profile", symbol);
        var price = Math.Round(10 + (rng.NextDouble() * 290), 2);
        var vol = 0.2 + (rng.NextDouble() * 0.35);
        return new SymbolProfile(symbol, price, 0.04 + (0.08 * rng.NextDouble()), vol * vol, 2.5, 0.6, -0.5,
            2e6 + (rng.NextDouble() * 20e6), 2 + (rng.NextDouble() * 8), 0.01 * rng.NextDouble(), false, 0,
            symbol + " Corp.");
    }
}
