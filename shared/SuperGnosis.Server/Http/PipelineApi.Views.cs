using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Providers;
using F = SuperGnosis.Core.Engines.Hedge.HedgeFeatureNames;

namespace SuperGnosis.Server.Http;

/// <summary>
/// The read routes the dashboard draws from (docs/functions.md, "HTTP API"): the hedge analysis of a symbol (GEX by
/// strike and by expiry, the net-GEX-versus-spot curve, the levels), its daily bars, the history of its levels over the
/// ledger, and the watchlist with the scheduler's cadence. Same validation and problems as the other routes.
/// </summary>
public sealed partial class PipelineApi
{
    /// <summary>Calendar days of daily bars <c>GET /api/symbols/{symbol}/bars</c> returns when no <c>days</c> is given.</summary>
    public const int DefaultBarDays = 120;

    /// <summary>The largest <c>days</c> the bars route accepts (about four years).</summary>
    public const int MaxBarDays = 1500;

    /// <summary>
    /// <c>GET /api/symbols/{symbol}/gex?as_of=</c>: the hedge engine on the symbol's chain at the as-of (default now), with
    /// the options of the pipeline's hedge stage; 200 with the document of <c>gnosis gex --json</c>:
    /// <c>{"engine_output": {...}, "hedge_profile": {"levels", "by_strike", "by_expiry", "gamma_curve", ...} | null}</c>
    /// (the profile is null when the chain had no usable rows; the output's metadata then says why).
    /// </summary>
    public async Task<ApiResult> GexAsync(string? symbolText, string? asOfText, CancellationToken cancellationToken)
    {
        if (!TryParseSymbol(symbolText, out var symbol, out var error) || !TryParseAsOf(asOfText, "as_of", out var asOf, out error))
        {
            return error;
        }
        var at = asOf ?? _time.GetUtcNow();
        if (_window.Check(at) is { } outOfRange)
        {
            return Problem.BadRequest("as-of-out-of-range", outOfRange);
        }
        HedgeAnalysis analysis;
        try
        {
            analysis = await _views.AnalyzeHedgeAsync(symbol, at, cancellationToken).ConfigureAwait(false);
        }
        catch (MarketDataProviderException ex)
        {
            return ProviderProblem(ex);
        }
        return new ApiResult(200, ApiResult.Json, GexJsonContext.Serialize(analysis));
    }

    /// <summary>
    /// <c>GET /api/symbols/{symbol}/bars?as_of=&amp;days=</c>: daily bars starting in [as_of - days, as_of], oldest first
    /// (<c>days</c> 1-<see cref="MaxBarDays"/> calendar days, default <see cref="DefaultBarDays"/>). Returns
    /// <c>{"symbol", "as_of", "from", "interval": "daily", "count", "dropped_non_finite", "bars": [{"timestamp", "open",
    /// "high", "low", "close", "volume"}]}</c>; a bar with a non-finite price or volume is left out and counted.
    /// </summary>
    public async Task<ApiResult> BarsAsync(string? symbolText, string? asOfText, string? daysText, CancellationToken cancellationToken)
    {
        if (!TryParseSymbol(symbolText, out var symbol, out var error) || !TryParseAsOf(asOfText, "as_of", out var asOf, out error))
        {
            return error;
        }
        var days = DefaultBarDays;
        if (daysText is not null
            && (!int.TryParse(daysText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out days) || days < 1 || days > MaxBarDays))
        {
            return Problem.BadRequest("invalid-days", $"days must be a whole number from 1 to {MaxBarDays} (got '{Shorten(daysText)}')");
        }
        var at = asOf ?? _time.GetUtcNow();
        if (_window.Check(at) is { } outOfRange)
        {
            return Problem.BadRequest("as-of-out-of-range", outOfRange);
        }
        var from = at.AddDays(-days);
        IReadOnlyList<Bar> bars;
        try
        {
            bars = await _views.DailyBarsAsync(symbol, from, at, cancellationToken).ConfigureAwait(false);
        }
        catch (MarketDataProviderException ex)
        {
            return ProviderProblem(ex);
        }
        var usable = bars.Where(IsFinite).OrderBy(b => b.Timestamp).ToList();
        return ApiResult.FromWriter(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("symbol", symbol);
            w.WriteString("as_of", at.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("from", from.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("interval", "daily");
            w.WriteNumber("count", usable.Count);
            w.WriteNumber("dropped_non_finite", bars.Count - usable.Count);
            w.WritePropertyName("bars");
            w.WriteStartArray();
            foreach (var bar in usable)
            {
                w.WriteStartObject();
                w.WriteString("timestamp", bar.Timestamp);
                w.WriteNumber("open", bar.Open);
                w.WriteNumber("high", bar.High);
                w.WriteNumber("low", bar.Low);
                w.WriteNumber("close", bar.Close);
                w.WriteNumber("volume", bar.Volume);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>GET /api/symbols/{symbol}/levels?from=&amp;to=&amp;limit=</c>: the hedge levels of the symbol's ledger records with
    /// timestamps in [from, to), the newest <c>limit</c> (1-<see cref="MaxLedgerLimit"/>, default
    /// <see cref="DefaultLedgerLimit"/>) returned oldest first: <c>{"symbol", "from"?, "to"?, "limit", "count", "points":
    /// [{"timestamp", "run_id"?, "spot"?, "zero_gamma"?, "call_wall"?, "put_wall"?, "abs_gamma_strike"?,
    /// "net_gex_usd_per_1pct"?}]}</c>; a level the record's hedge features lack (none within range, a degraded engine) is absent.
    /// </summary>
    public async Task<ApiResult> LevelsAsync(string? symbolText, string? fromText, string? toText, string? limitText, CancellationToken cancellationToken)
    {
        if (!TryParseSymbol(symbolText, out var symbol, out var error)
            || !TryParseAsOf(fromText, "from", out var from, out error)
            || !TryParseAsOf(toText, "to", out var to, out error))
        {
            return error;
        }
        if (from is { } f && to is { } t && f >= t)
        {
            return Problem.BadRequest("invalid-range", $"from ({f:O}) must be before to ({t:O}): the range is half-open [from, to)");
        }
        if (!TryParseLimit(limitText, out var limit, out error))
        {
            return error;
        }
        var records = await _ledger.QueryAsync(new LedgerQuery(symbol, from, to, limit), cancellationToken).ConfigureAwait(false);
        (string Name, string Feature)[] fields =
        [
            ("spot", F.Spot), ("zero_gamma", F.ZeroGammaLevel), ("call_wall", F.CallWall), ("put_wall", F.PutWall),
            ("abs_gamma_strike", F.AbsGammaStrike), ("net_gex_usd_per_1pct", F.NetGexUsdPer1Pct),
        ];
        return ApiResult.FromWriter(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("symbol", symbol);
            WriteOptional(w, "from", from?.ToString("O", CultureInfo.InvariantCulture));
            WriteOptional(w, "to", to?.ToString("O", CultureInfo.InvariantCulture));
            w.WriteNumber("limit", limit);
            w.WriteNumber("count", records.Count);
            w.WritePropertyName("points");
            w.WriteStartArray();
            foreach (var record in records.OrderBy(r => r.Timestamp))
            {
                w.WriteStartObject();
                w.WriteString("timestamp", record.Timestamp); // as the ledger record writes it
                WriteOptional(w, "run_id", record.Snapshot.Metadata.GetValueOrDefault(SnapshotMetadataKeys.RunId));
                foreach (var (name, feature) in fields)
                {
                    if (record.Snapshot.Hedge.TryGetValue(feature, out var value))
                    {
                        w.WriteNumber(name, value);
                    }
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>GET /api/ledger/metrics?symbol=&amp;from=&amp;to=</c>: <see cref="LedgerMetrics.Compute"/> (docs/metrics.md) over the
    /// newest <see cref="MaxLedgerLimit"/> ledger records in [from, to) (of the symbol when given); 200 with the report's JSON
    /// (<see cref="LedgerMetricsReport.WriteTo"/>), figures that are undefined (no closed trade yet) null.
    /// </summary>
    public async Task<ApiResult> LedgerMetricsAsync(string? symbolText, string? fromText, string? toText, CancellationToken cancellationToken)
    {
        string? symbol = null;
        if (symbolText is not null)
        {
            if (!TryParseSymbol(symbolText, out var parsed, out var symbolError))
            {
                return symbolError;
            }
            symbol = parsed;
        }
        if (!TryParseAsOf(fromText, "from", out var from, out var error) || !TryParseAsOf(toText, "to", out var to, out error))
        {
            return error;
        }
        if (from is { } f && to is { } t && f >= t)
        {
            return Problem.BadRequest("invalid-range", $"from ({f:O}) must be before to ({t:O}): the range is half-open [from, to)");
        }
        var records = await _ledger.QueryAsync(new LedgerQuery(symbol, from, to, MaxLedgerLimit), cancellationToken).ConfigureAwait(false);
        var report = LedgerMetrics.Compute(records);
        return ApiResult.FromWriter(200, report.WriteTo);
    }

    /// <summary>
    /// <c>GET /api/watchlist</c>: <c>{"symbols": [...], "ledger_symbols": [...], "interval_minutes", "schedule"}</c>: the
    /// scheduler's watchlist in its order, the symbols of the newest <see cref="MaxLedgerLimit"/> ledger records
    /// (alphabetical), and the scheduler's cadence (the dashboard refreshes at it).
    /// </summary>
    public async Task<ApiResult> WatchlistAsync(CancellationToken cancellationToken)
    {
        var records = await _ledger.QueryAsync(new LedgerQuery(Limit: MaxLedgerLimit), cancellationToken).ConfigureAwait(false);
        var seen = records.Select(r => r.Symbol).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return ApiResult.FromWriter(200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("symbols");
            JsonSerializer.Serialize(w, _views.Watchlist.ToArray(), ViewJson.Default.StringArray);
            w.WritePropertyName("ledger_symbols");
            JsonSerializer.Serialize(w, seen.ToArray(), ViewJson.Default.StringArray);
            w.WriteNumber("interval_minutes", _views.IntervalMinutes);
            w.WriteString("schedule", _views.Schedule);
            w.WriteEndObject();
        });
    }

    private static bool TryParseLimit(string? limitText, out int limit, out ApiResult error)
    {
        limit = DefaultLedgerLimit;
        error = null!;
        if (limitText is null)
        {
            return true;
        }
        if (int.TryParse(limitText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLedgerLimit)
        {
            return true;
        }
        error = Problem.BadRequest("invalid-limit", $"limit must be a whole number from 1 to {MaxLedgerLimit} (got '{Shorten(limitText)}')");
        return false;
    }

    /// <summary>
    /// A live provider that failed: 503 <c>unavailable</c> when it is down, slow, failing or rate-limited; 400
    /// <c>provider-refused</c> when it refused the request itself (unknown symbol, credentials, plan, point in time). The
    /// provider's message is one sentence with every secret masked (docs/providers.md, "Errors").
    /// </summary>
    private ApiResult ProviderProblem(MarketDataProviderException ex)
    {
        _logger.LogWarning(ex, "Market data provider {Provider} failed ({Failure})", ex.Provider, ex.Failure);
        return ex.IsUsageError
            ? Problem.BadRequest("provider-refused", ex.Message)
            : Problem.Unavailable(ex.Message);
    }

    private static bool IsFinite(Bar bar) =>
        double.IsFinite(bar.Open) && double.IsFinite(bar.High) && double.IsFinite(bar.Low) && double.IsFinite(bar.Close) && double.IsFinite(bar.Volume);
}

/// <summary>Source-generated JSON of the plain arrays the view routes write.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class ViewJson : System.Text.Json.Serialization.JsonSerializerContext;
