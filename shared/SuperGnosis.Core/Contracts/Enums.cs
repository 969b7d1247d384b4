using System.Text.Json.Serialization;

namespace SuperGnosis.Core.Contracts;

/// <summary>The four engines of the seed system; serialized as the seed's lower-case literals.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EngineKind>))]
public enum EngineKind
{
    [JsonStringEnumMemberName("hedge")] Hedge,
    [JsonStringEnumMemberName("liquidity")] Liquidity,
    [JsonStringEnumMemberName("sentiment")] Sentiment,
    [JsonStringEnumMemberName("elasticity")] Elasticity,
}

/// <summary>The seed's lower-case literal of each <see cref="EngineKind"/> (<c>hedge</c>, <c>liquidity</c>, ...).</summary>
public static class EngineKindNames
{
    public static string Of(EngineKind kind) => kind switch
    {
        EngineKind.Hedge => "hedge",
        EngineKind.Liquidity => "liquidity",
        EngineKind.Sentiment => "sentiment",
        EngineKind.Elasticity => "elasticity",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown engine kind"),
    };
}

/// <summary>Suggestion action literals of the seed (<c>long|short|flat|spread|complex</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuggestionAction>))]
public enum SuggestionAction
{
    [JsonStringEnumMemberName("long")] Long,
    [JsonStringEnumMemberName("short")] Short,
    [JsonStringEnumMemberName("flat")] Flat,
    [JsonStringEnumMemberName("spread")] Spread,
    [JsonStringEnumMemberName("complex")] Complex,
}

/// <summary>Trade leg instrument literals of the seed (<c>C|P|STOCK</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InstrumentType>))]
public enum InstrumentType
{
    [JsonStringEnumMemberName("C")] Call,
    [JsonStringEnumMemberName("P")] Put,
    [JsonStringEnumMemberName("STOCK")] Stock,
}

/// <summary>Trade leg direction literals of the seed (<c>buy|sell</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LegDirection>))]
public enum LegDirection
{
    [JsonStringEnumMemberName("buy")] Buy,
    [JsonStringEnumMemberName("sell")] Sell,
}

/// <summary>Trade idea side literals of the seed (<c>long|short|neutral</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TradeSide>))]
public enum TradeSide
{
    [JsonStringEnumMemberName("long")] Long,
    [JsonStringEnumMemberName("short")] Short,
    [JsonStringEnumMemberName("neutral")] Neutral,
}
