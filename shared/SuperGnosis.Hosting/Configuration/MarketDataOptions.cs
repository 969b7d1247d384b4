namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:MarketData</c>: which market-data source feeds the engines. <see cref="Source"/> names a registered
/// <see cref="MarketData.IMarketDataSourceFactory"/> ("synthetic" is built in; hosts add others with
/// <see cref="SuperGnosisBuilder.AddMarketDataSource"/>); an unknown name fails at start naming the allowed values.
/// </summary>
public sealed class MarketDataOptions
{
    public const string SyntheticSource = "synthetic";

    /// <summary>Registered source name (case-insensitive).</summary>
    public string Source { get; set; } = SyntheticSource;

    /// <summary>Seed of the synthetic market (any integer).</summary>
    public int Seed { get; set; } = 7;

    /// <summary>Continuous annual risk-free rate of the synthetic market (0.04 = 4 %).</summary>
    public double RiskFreeRate { get; set; } = 0.04;
}
