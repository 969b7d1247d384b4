namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// Configuration keys of the composition root (docs/operations.md, "Configuration reference"). Every section sits under
/// <see cref="Root"/>; in environment variables the separator is a double underscore (<c>SuperGnosis__MarketData__Seed</c>).
/// </summary>
public static class SuperGnosisSections
{
    public const string Root = "SuperGnosis";

    public const string MarketData = Root + ":MarketData";

    /// <summary>Live providers: <c>SuperGnosis:Data:Cboe</c>, <c>:Polygon</c>, <c>:Tradier</c>, <c>:Alpaca</c> (docs/providers.md).</summary>
    public const string Data = Root + ":Data";
    public const string Cboe = Data + ":Cboe";
    public const string Polygon = Data + ":Polygon";
    public const string Tradier = Data + ":Tradier";
    public const string Alpaca = Data + ":Alpaca";

    public const string HedgeEngine = Root + ":Engines:Hedge";
    public const string LiquidityEngine = Root + ":Engines:Liquidity";
    public const string SentimentEngine = Root + ":Engines:Sentiment";
    public const string ElasticityEngine = Root + ":Engines:Elasticity";

    public const string HedgeAgent = Root + ":Agents:Hedge";
    public const string LiquidityAgent = Root + ":Agents:Liquidity";
    public const string SentimentAgent = Root + ":Agents:Sentiment";
    public const string Composer = Root + ":Agents:Composer";

    public const string Trade = Root + ":Trade";

    public const string Backtest = Root + ":Backtest";

    public const string Ledger = Root + ":Ledger";

    /// <summary>Where the feedback loop's parameter versions are read from (<see cref="ParametersOptions"/>).</summary>
    public const string Parameters = Root + ":Parameters";

    public const string RunState = Root + ":RunState";
    public const string Scheduler = Root + ":Scheduler";
    public const string Sweeper = Root + ":Sweeper";
    public const string Telemetry = Root + ":Telemetry";
    public const string Archive = Root + ":Archive";
}
