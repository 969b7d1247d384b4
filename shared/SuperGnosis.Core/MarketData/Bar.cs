using System.Text.Json.Serialization;

namespace SuperGnosis.Core.MarketData;

/// <summary>Bar length. Daily bars are stamped at the session open of their trading day.</summary>
public enum BarInterval
{
    OneMinute,
    FiveMinutes,
    Daily,
}

/// <summary>An OHLCV bar; <see cref="Timestamp"/> is the bar's start, <see cref="Volume"/> in shares.</summary>
public readonly record struct Bar(DateTimeOffset Timestamp, double Open, double High, double Low, double Close, double Volume);

/// <summary>Aggressor side of a trade; <see cref="Unknown"/> when the source does not say.</summary>
public enum AggressorSide
{
    Unknown = 0,
    Buy = 1,
    Sell = -1,
}

/// <summary>A print: price, size in shares and aggressor side when known.</summary>
public readonly record struct Trade(DateTimeOffset Timestamp, double Price, double Size, AggressorSide Side);

/// <summary>A top-of-book quote; sizes in shares.</summary>
public readonly record struct Quote(DateTimeOffset Timestamp, double Bid, double Ask, double BidSize, double AskSize)
{
    [JsonIgnore] public double Mid => 0.5 * (Bid + Ask);

    /// <summary>True when bid &gt; ask (an unusable quote).</summary>
    [JsonIgnore] public bool IsCrossed => Bid > Ask;
}

/// <summary>A dated headline; <see cref="Source"/> names the outlet for source weights.</summary>
public sealed record NewsHeadline(DateTimeOffset Timestamp, string Symbol, string Source, string Text);
