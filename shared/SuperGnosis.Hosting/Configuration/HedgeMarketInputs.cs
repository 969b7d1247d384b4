using System.ComponentModel.DataAnnotations;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// The two hedge-engine inputs that default to the market-data source, bound from the same section as
/// <see cref="Core.Engines.Hedge.HedgeEngineOptions"/> (<c>SuperGnosis:Engines:Hedge</c>): when a key is absent the
/// engine uses the source's value (the synthetic market's rate, the symbol's dividend yield); when set it overrides it.
/// </summary>
public sealed class HedgeMarketInputs
{
    /// <summary>Continuous annual risk-free rate override (0.04 = 4 %).</summary>
    [Range(-0.05, 0.25, ErrorMessage = SuperGnosisSections.HedgeEngine + ":RiskFreeRate must be in [{1}, {2}] (a continuous annual rate: 0.04 = 4 %)")]
    public double? RiskFreeRate { get; set; }

    /// <summary>Continuous annual dividend yield override (0.013 = 1.3 %).</summary>
    [Range(0.0, 0.25, ErrorMessage = SuperGnosisSections.HedgeEngine + ":DividendYield must be in [{1}, {2}] (a continuous annual yield: 0.013 = 1.3 %)")]
    public double? DividendYield { get; set; }
}
