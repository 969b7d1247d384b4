using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// Market data captured once per run: wraps the real sources so that every stage of a run (the hedge engine, the
/// sentiment engine and the trade agent all ask for the chain) reads the same captured item instead of fetching its
/// own copy, which a live source could answer differently. Items are kept in an <see cref="IMarketCaptureStore"/>
/// under capture id <see cref="CaptureIdFor"/> (symbol + as-of UTC ticks of the request: runs of one symbol at one
/// instant share a capture) and item key = method + window (e.g. <c>bars.daily.&lt;from ticks&gt;</c>). A chain of
/// another symbol (VIX, a related chain) is captured under that symbol's id. The ledger stage releases the run
/// symbol's capture (<see cref="PipelineComponents.MarketCapture"/>).
/// A source the decorator was not given stays absent: pass <see cref="Chains"/>, <see cref="MarketData"/>,
/// <see cref="News"/>, <see cref="OptionPrints"/> and <see cref="OffExchangeVolume"/> (null for a missing source) to
/// the engines, whose optional sources are nullable; calling a method of a missing source throws.
/// </summary>
public sealed class CapturedMarketData : IOptionsChainSource, IMarketDataSource, INewsSource, IOptionPrintsSource, IOffExchangeVolumeSource
{
    private readonly IMarketCaptureStore _store;
    private readonly IOptionsChainSource? _chains;
    private readonly IMarketDataSource? _marketData;
    private readonly INewsSource? _news;
    private readonly IOptionPrintsSource? _prints;
    private readonly IOffExchangeVolumeSource? _offExchange;

    public CapturedMarketData(
        IMarketCaptureStore store,
        IOptionsChainSource? chains = null,
        IMarketDataSource? marketData = null,
        INewsSource? news = null,
        IOptionPrintsSource? prints = null,
        IOffExchangeVolumeSource? offExchange = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _chains = chains;
        _marketData = marketData;
        _news = news;
        _prints = prints;
        _offExchange = offExchange;
    }

    /// <summary>This decorator as a chain source, or null when no chain source was given.</summary>
    public IOptionsChainSource? Chains => _chains is null ? null : this;

    /// <summary>This decorator as a bars/trades/quotes source, or null when none was given.</summary>
    public IMarketDataSource? MarketData => _marketData is null ? null : this;

    /// <summary>This decorator as a news source, or null when none was given.</summary>
    public INewsSource? News => _news is null ? null : this;

    /// <summary>This decorator as an option prints source, or null when none was given.</summary>
    public IOptionPrintsSource? OptionPrints => _prints is null ? null : this;

    /// <summary>This decorator as an off-exchange volume source, or null when none was given.</summary>
    public IOffExchangeVolumeSource? OffExchangeVolume => _offExchange is null ? null : this;

    /// <summary>The capture id of a symbol at an instant: <c>SYMBOL|&lt;UTC ticks&gt;</c>.</summary>
    public static string CaptureIdFor(string symbol, DateTimeOffset asOf) =>
        string.Create(CultureInfo.InvariantCulture, $"{symbol}|{asOf.UtcTicks}");

    public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var source = Required(_chains, "option chain");
        return _store.GetOrCaptureAsync(CaptureIdFor(symbol, asOf), "chain",
            ct => source.GetChainAsync(symbol, asOf, ct), static () => MarketCaptureJson.Default.OptionChain, cancellationToken);
    }

    public Task<IReadOnlyList<Bar>> GetBarsAsync(string symbol, BarInterval interval, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var source = Required(_marketData, "market data");
        return _store.GetOrCaptureAsync(CaptureIdFor(symbol, asOf), Item("bars." + IntervalName(interval), from),
            ct => source.GetBarsAsync(symbol, interval, from, asOf, ct), static () => MarketCaptureJson.Default.IReadOnlyListBar, cancellationToken);
    }

    public Task<IReadOnlyList<Trade>> GetTradesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var source = Required(_marketData, "market data");
        return _store.GetOrCaptureAsync(CaptureIdFor(symbol, asOf), Item("trades", from),
            ct => source.GetTradesAsync(symbol, from, asOf, ct), static () => MarketCaptureJson.Default.IReadOnlyListTrade, cancellationToken);
    }

    public Task<IReadOnlyList<Quote>> GetQuotesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var source = Required(_marketData, "market data");
        return _store.GetOrCaptureAsync(CaptureIdFor(symbol, asOf), Item("quotes", from),
            ct => source.GetQuotesAsync(symbol, from, asOf, ct), static () => MarketCaptureJson.Default.IReadOnlyListQuote, cancellationToken);
    }

    public Task<IReadOnlyList<NewsHeadline>> GetHeadlinesAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var source = Required(_news, "news");
        return _store.GetOrCaptureAsync(CaptureIdFor(symbol, asOf), Item("news", from),
            ct => source.GetHeadlinesAsync(symbol, from, asOf, ct), static () => MarketCaptureJson.Default.IReadOnlyListNewsHeadline, cancellationToken);
    }

    public Task<IReadOnlyList<OptionPrint>> GetPrintsAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var source = Required(_prints, "option prints");
        return _store.GetOrCaptureAsync(CaptureIdFor(symbol, asOf), Item("prints", from),
            ct => source.GetPrintsAsync(symbol, from, asOf, ct), static () => MarketCaptureJson.Default.IReadOnlyListOptionPrint, cancellationToken);
    }

    public Task<double?> GetOffExchangeShareAsync(string symbol, DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var source = Required(_offExchange, "off-exchange volume");
        return _store.GetOrCaptureAsync(CaptureIdFor(symbol, asOf), Item("off_exchange", from),
            ct => source.GetOffExchangeShareAsync(symbol, from, asOf, ct), static () => MarketCaptureJson.Default.NullableDouble, cancellationToken);
    }

    /// <summary>The symbol and as-of of a capture id made by <see cref="CaptureIdFor"/>; false for any other text.</summary>
    public static bool TryParseCaptureId(string captureId, out string symbol, out DateTimeOffset asOf)
    {
        symbol = string.Empty;
        asOf = default;
        var bar = captureId?.LastIndexOf('|') ?? -1;
        if (bar <= 0 || !long.TryParse(captureId.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        symbol = captureId![..bar];
        asOf = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// The method part and the window start of an item key made here: <c>chain</c> (no window), <c>bars.daily.&lt;ticks&gt;</c>
    /// gives (<c>bars.daily</c>, from), <c>trades.&lt;ticks&gt;</c> (<c>trades</c>, from), and so on. False for any other key.
    /// </summary>
    public static bool TryParseItemKey(string itemKey, out string method, out DateTimeOffset? from)
    {
        method = itemKey ?? string.Empty;
        from = null;
        if (itemKey == "chain")
        {
            return true;
        }
        var dot = itemKey?.LastIndexOf('.') ?? -1;
        if (dot <= 0 || !long.TryParse(itemKey.AsSpan(dot + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        method = itemKey![..dot];
        from = new DateTimeOffset(ticks, TimeSpan.Zero);
        return method is "bars.1m" or "bars.5m" or "bars.daily" or "trades" or "quotes" or "news" or "prints" or "off_exchange";
    }

    /// <summary>The JSON metadata of an item's value by its key's method (stores that persist captures read items back with it); null for an unknown key.</summary>
    public static JsonTypeInfo? JsonTypeOf(string itemKey) =>
        !TryParseItemKey(itemKey, out var method, out _) ? null : method switch
        {
            "chain" => MarketCaptureJson.Default.OptionChain,
            "bars.1m" or "bars.5m" or "bars.daily" => MarketCaptureJson.Default.IReadOnlyListBar,
            "trades" => MarketCaptureJson.Default.IReadOnlyListTrade,
            "quotes" => MarketCaptureJson.Default.IReadOnlyListQuote,
            "news" => MarketCaptureJson.Default.IReadOnlyListNewsHeadline,
            "prints" => MarketCaptureJson.Default.IReadOnlyListOptionPrint,
            "off_exchange" => MarketCaptureJson.Default.NullableDouble,
            _ => null,
        };

    private static string Item(string method, DateTimeOffset from) =>
        string.Create(CultureInfo.InvariantCulture, $"{method}.{from.UtcTicks}");

    private static string IntervalName(BarInterval interval) => interval switch
    {
        BarInterval.OneMinute => "1m",
        BarInterval.FiveMinutes => "5m",
        BarInterval.Daily => "daily",
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "unknown bar interval"),
    };

    private static T Required<T>(T? source, string what) where T : class =>
        source ?? throw new InvalidOperationException($"no {what} source was given to this capture (pass the nullable view, not the decorator)");
}

/// <summary>
/// Source-generated JSON for captured market data (stores that persist captures). Round-trips bit-exactly: doubles are
/// written shortest-round-trip, NaN and infinities as named literals (missing chain values are NaN), instants with
/// their offset and ticks.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UseStringEnumConverter = false)]
[JsonSerializable(typeof(OptionChain))]
[JsonSerializable(typeof(IReadOnlyList<Bar>))]
[JsonSerializable(typeof(IReadOnlyList<Trade>))]
[JsonSerializable(typeof(IReadOnlyList<Quote>))]
[JsonSerializable(typeof(IReadOnlyList<NewsHeadline>))]
[JsonSerializable(typeof(IReadOnlyList<OptionPrint>))]
[JsonSerializable(typeof(double?))]
public sealed partial class MarketCaptureJson : JsonSerializerContext;
