using SuperGnosis.Core.Ports;

namespace SuperGnosis.Hosting.MarketData;

/// <summary>
/// The market-data ports the engines and the trade agent are built with: the source read through the run's capture
/// (<see cref="Core.Pipeline.CapturedMarketData"/>; <see cref="Capture"/> is its store, released by the ledger stage),
/// or the source itself when <c>SuperGnosis:MarketData:Capture</c> is false (<see cref="Capture"/> null).
/// </summary>
public sealed record StageMarketData(
    IOptionsChainSource Chains,
    IMarketDataSource Market,
    INewsSource? News,
    IOptionPrintsSource? Prints,
    IOffExchangeVolumeSource? OffExchangeVolume,
    IMarketCaptureStore? Capture);
