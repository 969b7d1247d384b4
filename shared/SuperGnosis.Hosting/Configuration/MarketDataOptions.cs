namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:MarketData</c>: which market-data source feeds the engines. <see cref="Source"/> names a registered
/// <see cref="MarketData.IMarketDataSourceFactory"/> ("synthetic" is built in; hosts add others with
/// <see cref="SuperGnosisBuilder.AddMarketDataSource"/>); an unknown name fails at start naming the allowed values.
/// </summary>
public sealed class MarketDataOptions
{
    public const string SyntheticSource = "synthetic";

    public const string FilesSource = "files";

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

    /// <summary>Continuous annual risk-free rate of the source's prices (0.04 = 4 %): the synthetic market's, and the files source's default for the hedge engine.</summary>
    public double RiskFreeRate { get; set; } = 0.04;

    /// <summary>
    /// <c>Source = files</c>: the data directory (docs/data-formats.md, "Files source"): a local folder that exists, or a blob
    /// container <c>az://container[/folder]</c> in hosts that can open one (the CLI, the Functions app).
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// The storage connection setting <c>az://</c> locations are opened with in hosts without a storage account of their
    /// own (the CLI): a connection string (<c>UseDevelopmentStorage=true</c> for Azurite) or identity-based
    /// <c>__blobServiceUri</c> settings under that name. The Functions app uses its own storage connection instead.
    /// </summary>
    public string StorageConnection { get; set; } = "AzureWebJobsStorage";

    /// <summary>
    /// A chain snapshot older than this relative to the as-of degrades the engines that read the chain
    /// (<c>degraded</c> gets <c>stale_chain</c>; <c>chain_age_seconds</c> says how old). Sources that report their
    /// snapshot time only (the files source).
    /// </summary>
    public TimeSpan ChainStalenessLimit { get; set; } = TimeSpan.FromDays(1);
}
