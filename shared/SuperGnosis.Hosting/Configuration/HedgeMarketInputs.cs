namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// The two hedge-engine inputs that default to the market-data source, bound from the same section as
/// <see cref="Core.Engines.Hedge.HedgeEngineOptions"/> (<c>SuperGnosis:Engines:Hedge</c>): when a key is absent the
/// engine uses the source's value (the synthetic market's rate, the symbol's dividend yield); when set it overrides it.
/// </summary>
public sealed class HedgeMarketInputs
{
    /// <summary>Continuous annual risk-free rate override (0.04 = 4 %).</summary>
    public double? RiskFreeRate { get; set; }

    /// <summary>Continuous annual dividend yield override (0.013 = 1.3 %).</summary>
    public double? DividendYield { get; set; }
}
