using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Azure.Tests;

/// <summary>Valid contract records for storage tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset AsOf = new(2025, 3, 14, 15, 30, 0, TimeSpan.FromHours(-4));

    public static StandardSnapshot Snapshot(string runId, string symbol = "SPY", DateTimeOffset? at = null, string? bigMetadata = null)
    {
        var metadata = new Dictionary<string, string> { [SnapshotMetadataKeys.RunId] = runId, ["engine_status.hedge"] = "ok" };
        if (bigMetadata is not null)
        {
            metadata["notes"] = bigMetadata;
        }
        return new StandardSnapshot(
            symbol, at ?? AsOf,
            new Dictionary<string, double> { ["gex_usd_per_1pct"] = 1.25e9, ["zero_gamma_level"] = 512.5 },
            new Dictionary<string, double> { ["spread_bps"] = 1.5 },
            new Dictionary<string, double> { ["score"] = 0.2 },
            new Dictionary<string, double> { ["elasticity"] = 0.8 },
            "trending", metadata);
    }

    public static Suggestion Suggestion(string runId, string layer = "primary_hedge", string symbol = "SPY") =>
        new($"{runId}:{layer}", layer, symbol, SuggestionAction.Long, 0.7,
            new Dictionary<string, double> { ["horizon_days"] = 5, ["exp_move_pct"] = 1.2 }, "dealers short gamma", ["gamma"]);

    public static TradeIdea Idea(string runId, int index, string symbol = "SPY", string? rationale = null, string? id = null) =>
        new(id ?? $"{runId}:trade:{index}", symbol, "bull_call_spread", TradeSide.Long,
            [
                new TradeLeg(InstrumentType.Call, LegDirection.Buy, 1, 510 + index, new DateOnly(2025, 4, 17)),
                new TradeLeg(InstrumentType.Call, LegDirection.Sell, 1, 520 + index, new DateOnly(2025, 4, 17)),
            ],
            CostPerUnit: 350.0, MaxLoss: 350.0, MaxProfit: 650.0, BreakevenLevels: [513.5 + index],
            TargetExitPrice: 519.0, StopLossPrice: 505.0, RecommendedUnits: 2, Confidence: 0.64,
            Rationale: rationale ?? "call spread into the gamma wall", Tags: ["debit", "defined_risk"]);

    public static LedgerRecord Ledger(string runId, DateTimeOffset at, string symbol = "SPY", int ideas = 2, int rationaleChars = 0) =>
        new(at, symbol, Snapshot(runId, symbol, at),
            [Suggestion(runId, symbol: symbol)], Suggestion(runId, "composer", symbol),
            [.. Enumerable.Range(0, ideas).Select(i => Idea(runId, i, symbol, rationaleChars > 0 ? new string('r', rationaleChars) : null))],
            RealizedPnl: null);

    public static RunHeader Header(string runId, RunStatus status = RunStatus.Pending, DateTimeOffset? updatedAt = null, string? reason = null) =>
        new(runId, "SPY", AsOf, "fp-1234", status, reason, AsOf, updatedAt ?? AsOf, [], [], 0);

    public static StageRecord EngineStage(string runId, EngineKind kind = EngineKind.Hedge, string? bigMetadata = null)
    {
        var metadata = new Dictionary<string, string> { ["source"] = "synthetic" };
        if (bigMetadata is not null)
        {
            metadata["notes"] = bigMetadata;
        }
        var output = new EngineOutput(kind, "SPY", AsOf, new Dictionary<string, double> { ["gex_usd_per_1pct"] = 1.0e9 }, 0.9, "pinned", metadata);
        return new StageRecord(StageKey.ForEngine(kind), StageOutcome.Ok, null, engineOutput: output);
    }

    public static StageRecord SnapshotStage(string runId, string? bigMetadata = null) =>
        new(StageKey.Snapshot, StageOutcome.Ok, null, snapshot: Snapshot(runId, bigMetadata: bigMetadata));

    /// <summary>A string of <paramref name="length"/> varied characters (including non-ASCII and surrogate pairs) so chunk boundaries are exercised.</summary>
    public static string Text(int length)
    {
        const string alphabet = "abcdefghij KLMNOPQRST 0123456789 é ü ß 😀 \" \\ <tag>";
        var builder = new System.Text.StringBuilder(length);
        var i = 0;
        while (builder.Length < length)
        {
            builder.Append(alphabet[i++ % alphabet.Length]);
        }
        if (char.IsHighSurrogate(builder[^1]))
        {
            builder[^1] = 'x';
        }
        return builder.ToString(0, length);
    }
}
