using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>
/// The hedge analysis of a chain already in hand (a file, an upload, a request body): the same computation as
/// <see cref="HedgeEngine.Analyze"/>, without a chain source, dollar volume, VIX chain or related chains (the
/// output then says <c>illiquidity_check</c> unavailable, <c>vix</c> not_configured, <c>blend</c> none).
/// </summary>
public static class HedgeAnalyzer
{
    /// <summary>Analyses <paramref name="chain"/> under its own symbol.</summary>
    public static HedgeAnalysis Analyze(OptionChain chain, DateTimeOffset asOf, HedgeEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return Analyze(chain.Symbol, chain, asOf, options);
    }

    /// <summary>Analyses <paramref name="chain"/> reported under <paramref name="symbol"/> (e.g. when the file names none).</summary>
    /// <exception cref="ArgumentException">The options are invalid (<see cref="HedgeEngineOptions.Validate"/>).</exception>
    public static HedgeAnalysis Analyze(string symbol, OptionChain chain, DateTimeOffset asOf, HedgeEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return new HedgeEngine(ChainInHand.Instance, options).Analyze(symbol, asOf, chain);
    }

    /// <summary>The engine's chain port, never called: <see cref="HedgeEngine.Analyze"/> takes the chain as an argument.</summary>
    private sealed class ChainInHand : IOptionsChainSource
    {
        public static readonly ChainInHand Instance = new();

        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("HedgeAnalyzer analyses the chain it is given; it has no chain source");
    }
}
