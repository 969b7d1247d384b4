using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Tests.Contracts;

/// <summary>Valid instances of every contract, for tests.</summary>
internal static class ContractSamples
{
    public static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    public static EngineOutput Engine(EngineKind kind = EngineKind.Hedge, double confidence = 0.8) => new(
        kind, "SPY", AsOf,
        new Dictionary<string, double> { ["gamma_pressure"] = 1.5e9, ["gamma_sign"] = 1 },
        confidence, "pin", new Dictionary<string, string> { ["rows_in"] = "120" });

    public static StandardSnapshot Snapshot() => new(
        "SPY", AsOf,
        new Dictionary<string, double> { ["net_gex_usd_per_1pct"] = 2.5e8 },
        new Dictionary<string, double> { ["amihud"] = 1e-10 },
        new Dictionary<string, double> { ["sentiment_score"] = 0.25 },
        new Dictionary<string, double> { ["elasticity_up"] = 0.7 },
        "pin", new Dictionary<string, string> { ["run_id"] = "run-1" });

    public static Suggestion Suggestion(string id = "run-1-composer-0") => new(
        id, "composer", "SPY", SuggestionAction.Long, 0.65,
        new Dictionary<string, double> { ["horizon_days"] = 5, ["exp_move_pct"] = 1.2 },
        "dealers short gamma below the call wall", ["consensus", "use_call_debit_spread"]);

    public static TradeLeg CallLeg(LegDirection direction, double strike) =>
        new(InstrumentType.Call, direction, 1, strike, new DateOnly(2026, 12, 18));

    public static TradeIdea Idea() => new(
        "run-1-trade-0", "SPY", "call_debit_spread", TradeSide.Long,
        [CallLeg(LegDirection.Buy, 600), CallLeg(LegDirection.Sell, 610)],
        CostPerUnit: 420, MaxLoss: 420, MaxProfit: 580, BreakevenLevels: [604.2],
        TargetExitPrice: 608, StopLossPrice: 595, RecommendedUnits: 2, Confidence: 0.6,
        Rationale: "bullish composite", Tags: ["debit"]);

    public static LedgerRecord Record() => new(AsOf, "SPY", Snapshot(), [Suggestion("run-1-primary_hedge-0")], Suggestion(), [Idea()], RealizedPnl: null);
}
