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

    /// <summary>
    /// Read the source through the run's capture (<see cref="Core.Pipeline.CapturedMarketData"/>, default): every stage of a
    /// run sees the same chain, bars and headlines, whichever process runs it. A one-shot in-process run of a
    /// deterministic source (the CLI on the synthetic market) may turn it off: the capture cannot change a number there,
    /// and preparing its JSON metadata costs tens of milliseconds in a fresh process.
    /// </summary>
    public bool Capture { get; set; } = true;

    /// <summary>Continuous annual risk-free rate of the synthetic market (0.04 = 4 %).</summary>
    public double RiskFreeRate { get; set; } = 0.04;
}
