using System.Text.Json;
using Microsoft.Extensions.Logging;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Server.Http;

/// <summary>
/// The HTTP API every host shares (docs/functions.md, "HTTP API"), as plain methods from already-read request parts
/// to an <see cref="ApiResult"/>: the hosts (the Functions app's HTTP functions, the minimal-API routes of
/// <c>gnosis serve</c>, <see cref="PipelineApiEndpoints"/>) only read the request and write the result.
/// Validation rules:
/// <list type="bullet">
/// <item>symbols are trimmed and upper-cased, then must match the contract pattern (<see cref="ContractValidation.IsValidSymbol"/>:
/// SPY, ^SPX, BRK.B), the same rule as the CLI;</item>
/// <item>times follow <see cref="AsOfText"/> (ISO-8601; no offset = New York time; a date alone = 00:00 New York);
/// an absent <c>as_of</c> is now (the host's <see cref="TimeProvider"/>), an empty one is an error;</item>
/// <item>the run request body is a JSON object with <c>symbol</c> (string, required) and <c>as_of</c> (string or null,
/// optional); malformed JSON, duplicate or unknown properties and wrong types are 400.</item>
/// </list>
/// Every error is an RFC 7807 problem (<see cref="Problem"/>).
/// </summary>
public sealed partial class PipelineApi
{
    /// <summary>Records <c>GET /api/ledger</c> returns when no <c>limit</c> is given.</summary>
    public const int DefaultLedgerLimit = 100;

    /// <summary>The largest <c>limit</c> <c>GET /api/ledger</c> accepts.</summary>
    public const int MaxLedgerLimit = 1000;

    /// <summary>The largest run request body read (bytes); a request for one run is a few dozen.</summary>
    public const int MaxRequestBodyBytes = 16 * 1024;

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    private readonly PipelineStages _stages;
    private readonly IRunStateStore _runs;
    private readonly ILedgerStore _ledger;
    private readonly IPipelineMessageSender _sender;
    private readonly IOnDemandAnalyzer _analyzer;
    private readonly IMarketDataWindow _window;
    private readonly IReadOnlyList<IHealthProbe> _probes;
    private readonly IMarketViews _views;
    private readonly TimeProvider _time;
    private readonly ILogger<PipelineApi> _logger;

    public PipelineApi(
        PipelineStages stages,
        IRunStateStore runs,
        ILedgerStore ledger,
        IPipelineMessageSender sender,
        IOnDemandAnalyzer analyzer,
        IMarketDataWindow window,
        IEnumerable<IHealthProbe> probes,
        IMarketViews views,
        TimeProvider time,
        ILogger<PipelineApi> logger)
    {
        _stages = stages ?? throw new ArgumentNullException(nameof(stages));
        _runs = runs ?? throw new ArgumentNullException(nameof(runs));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
        _window = window ?? throw new ArgumentNullException(nameof(window));
        _probes = [.. probes ?? throw new ArgumentNullException(nameof(probes))];
        _views = views ?? throw new ArgumentNullException(nameof(views));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary><c>POST /api/analyze/{symbol}?as_of=</c>: the whole pipeline in process; 200 with the <c>gnosis analyze --json</c> document.</summary>
    public async Task<ApiResult> AnalyzeAsync(string? symbolText, string? asOfText, CancellationToken cancellationToken)
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
        var result = await _analyzer.AnalyzeAsync(symbol, at, cancellationToken).ConfigureAwait(false);
        return new ApiResult(200, ApiResult.Json, JsonSerializer.Serialize(result.ToReport(), ContractJson.Indented.AnalysisReport));
    }

    /// <summary>
    /// <c>POST /api/runs</c> with <c>{"symbol": "SPY", "as_of": "..."}</c>: creates the distributed run (idempotent: the
    /// run id derives from symbol, as-of and configuration) and sends its first messages; 202 with
    /// <c>{"run_id", "status_url"}</c> and the status URL in Location. <paramref name="baseUrl"/> is the request's
    /// scheme and authority (e.g. <c>https://app.azurewebsites.net</c>).
    /// </summary>
    public async Task<ApiResult> StartRunAsync(string? body, string baseUrl, CancellationToken cancellationToken)
    {
        if (!TryParseRunRequest(body, out var request, out var error))
        {
            return error;
        }
        var at = request.AsOf ?? _time.GetUtcNow();
        if (_window.Check(at) is { } outOfRange)
        {
            return Problem.BadRequest("as-of-out-of-range", outOfRange);
        }
        var started = await _stages.StartRunAsync(request.Symbol, at, cancellationToken).ConfigureAwait(false);
        if (started.Messages.Count > 0)
        {
            await _sender.SendAsync(started.Messages, cancellationToken).ConfigureAwait(false);
        }
        _logger.LogInformation("Run {RunId} for {Symbol} as of {AsOf:O} started ({Messages} message(s) sent, status {Status})",
            started.Run.RunId, started.Run.Symbol, started.Run.AsOf, started.Messages.Count, started.Run.Status);
        var statusUrl = baseUrl.TrimEnd('/') + "/api/runs/" + Uri.EscapeDataString(started.Run.RunId);
        return ApiResult.FromWriter(202, w =>
        {
            w.WriteStartObject();
            w.WriteString("run_id", started.Run.RunId);
            w.WriteString("status_url", statusUrl);
            w.WriteEndObject();
        }, statusUrl);
    }

    /// <summary>
    /// <c>GET /api/runs/{run_id}</c>: <c>{"run_id", "status": "pending|running|completed|failed", "reason"?, "result"?}</c>,
    /// <c>result</c> (completed runs only) in the shape of the analyze response; 404 for an unknown run.
    /// </summary>
    public async Task<ApiResult> GetRunAsync(string? runId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(runId) || !IsValidRunId(runId))
        {
            return Problem.BadRequest("invalid-run-id", $"run_id must be 1-128 letters, digits, '-', '_' or '.' (got '{Shorten(runId)}')");
        }
        var stored = await _runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return Problem.NotFound("run-not-found", $"no run with id '{runId}'");
        }
        var header = stored.Header;
        var result = header.Status == RunStatus.Completed
            ? await _stages.ReadResultAsync(runId, cancellationToken).ConfigureAwait(false)
            : null;
        return ApiResult.FromWriter(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("run_id", header.RunId);
            w.WriteString("status", StatusText(header.Status));
            if (header.Reason is { } reason)
            {
                w.WriteString("reason", reason);
            }
            if (result is not null)
            {
                w.WritePropertyName("result");
                JsonSerializer.Serialize(w, result.ToReport(), ContractJson.Compact.AnalysisReport);
            }
            w.WriteEndObject();
        });
    }

    /// <summary><c>GET /api/symbols/{symbol}/latest</c>: the newest ledger record of the symbol; 404 when it has none.</summary>
    public async Task<ApiResult> LatestAsync(string? symbolText, CancellationToken cancellationToken)
    {
        if (!TryParseSymbol(symbolText, out var symbol, out var error))
        {
            return error;
        }
        var records = await _ledger.QueryAsync(new LedgerQuery(symbol, Limit: 1), cancellationToken).ConfigureAwait(false);
        return records.Count == 0
            ? Problem.NotFound("no-ledger-record", $"the ledger has no record of {symbol}")
            : new ApiResult(200, ApiResult.Json, JsonSerializer.Serialize(records[0], ContractJson.Compact.LedgerRecord));
    }

    /// <summary>
    /// <c>GET /api/ledger?symbol=&amp;from=&amp;to=&amp;limit=</c>: ledger records with timestamps in [from, to), newest first,
    /// at most <c>limit</c> (default <see cref="DefaultLedgerLimit"/>, at most <see cref="MaxLedgerLimit"/>); every
    /// parameter is optional. Returns <c>{"symbol", "from", "to", "limit", "count", "records"}</c>.
    /// </summary>
    public async Task<ApiResult> LedgerAsync(string? symbolText, string? fromText, string? toText, string? limitText, CancellationToken cancellationToken)
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
        var limit = DefaultLedgerLimit;
        if (limitText is not null
            && (!int.TryParse(limitText.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit)
                || limit < 1 || limit > MaxLedgerLimit))
        {
            return Problem.BadRequest("invalid-limit", $"limit must be a whole number from 1 to {MaxLedgerLimit} (got '{Shorten(limitText)}')");
        }
        var records = await _ledger.QueryAsync(new LedgerQuery(symbol, from, to, limit), cancellationToken).ConfigureAwait(false);
        return ApiResult.FromWriter(200, w =>
        {
            w.WriteStartObject();
            WriteOptional(w, "symbol", symbol);
            WriteOptional(w, "from", from?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            WriteOptional(w, "to", to?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("limit", limit);
            w.WriteNumber("count", records.Count);
            w.WritePropertyName("records");
            w.WriteStartArray();
            foreach (var record in records)
            {
                JsonSerializer.Serialize(w, record, ContractJson.Compact.LedgerRecord);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>GET /api/health</c> (anonymous): runs every <see cref="IHealthProbe"/> (storage reachability); 200 when all
    /// pass, 503 otherwise. Failures name the exception type only, never a message that could carry an account detail.
    /// </summary>
    public async Task<ApiResult> HealthAsync(CancellationToken cancellationToken)
    {
        var checks = new List<(string Name, bool Ok, string? Detail, double Ms)>();
        foreach (var probe in _probes)
        {
            var started = _time.GetTimestamp();
            try
            {
                await probe.CheckAsync(cancellationToken).ConfigureAwait(false);
                checks.Add((probe.Name, true, null, _time.GetElapsedTime(started).TotalMilliseconds));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Health probe {Probe} failed", probe.Name);
                checks.Add((probe.Name, false, "unreachable (" + ex.GetType().Name + ")", _time.GetElapsedTime(started).TotalMilliseconds));
            }
        }
        var healthy = checks.All(c => c.Ok);
        return ApiResult.FromWriter(healthy ? 200 : 503, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", healthy ? "healthy" : "unhealthy");
            w.WritePropertyName("checks");
            w.WriteStartArray();
            foreach (var (name, ok, detail, ms) in checks)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteString("status", ok ? "healthy" : "unhealthy");
                WriteOptional(w, "detail", detail);
                w.WriteNumber("duration_ms", Math.Round(ms, 1));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The wire text of a run status.</summary>
    public static string StatusText(RunStatus status) => status switch
    {
        RunStatus.Pending => "pending",
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown run status"),
    };

    /// <summary>A validated <c>POST /api/runs</c> body.</summary>
    public sealed record RunRequest(string Symbol, DateTimeOffset? AsOf);

    /// <summary>Parses and validates a run request body; on failure <paramref name="error"/> is the 400 problem.</summary>
    public static bool TryParseRunRequest(string? body, out RunRequest request, out ApiResult error)
    {
        request = null!;
        if (string.IsNullOrWhiteSpace(body))
        {
            error = Problem.BadRequest("invalid-body", "the body must be a JSON object such as {\"symbol\": \"SPY\", \"as_of\": \"" + AsOfText.Example + "\"}");
            return false;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, StrictJson);
        }
        catch (JsonException ex)
        {
            error = Problem.BadRequest("malformed-json", "the body is not valid JSON: " + ex.Message);
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = Problem.BadRequest("invalid-body", $"the body must be a JSON object (got {root.ValueKind.ToString().ToLowerInvariant()})");
                return false;
            }
            var unknown = root.EnumerateObject().Select(p => p.Name).Where(n => n is not ("symbol" or "as_of")).ToList();
            if (unknown.Count > 0)
            {
                error = Problem.BadRequest("unknown-field", "unknown field(s): " + string.Join(", ", unknown.Select(n => "'" + Shorten(n) + "'")) + "; the body takes 'symbol' and 'as_of'");
                return false;
            }
            if (!root.TryGetProperty("symbol", out var symbolElement) || symbolElement.ValueKind != JsonValueKind.String)
            {
                error = Problem.BadRequest("invalid-symbol", "'symbol' is required and must be a string such as \"SPY\"");
                return false;
            }
            if (!TryParseSymbol(symbolElement.GetString(), out var symbol, out error))
            {
                return false;
            }
            DateTimeOffset? asOf = null;
            if (root.TryGetProperty("as_of", out var asOfElement) && asOfElement.ValueKind != JsonValueKind.Null)
            {
                if (asOfElement.ValueKind != JsonValueKind.String)
                {
                    error = Problem.BadRequest("invalid-as-of", "'as_of' must be a string (ISO-8601) or null");
                    return false;
                }
                if (!TryParseAsOf(asOfElement.GetString(), "as_of", out asOf, out error))
                {
                    return false;
                }
            }
            request = new RunRequest(symbol, asOf);
            error = null!;
            return true;
        }
    }

    /// <summary>Trims and upper-cases <paramref name="text"/>, then checks the contract's symbol pattern.</summary>
    public static bool TryParseSymbol(string? text, out string symbol, out ApiResult error)
    {
        symbol = (text ?? string.Empty).Trim().ToUpperInvariant();
        if (ContractValidation.IsValidSymbol(symbol))
        {
            error = null!;
            return true;
        }
        error = Problem.BadRequest("invalid-symbol", $"'{Shorten(text)}' is not a ticker (expected e.g. SPY, ^SPX or BRK.B)");
        return false;
    }

    /// <summary>Reads an optional time by the <see cref="AsOfText"/> rules; null text is "not given".</summary>
    public static bool TryParseAsOf(string? text, string field, out DateTimeOffset? value, out ApiResult error)
    {
        try
        {
            value = AsOfText.ParseOptional(text);
            error = null!;
            return true;
        }
        catch (AsOfFormatException ex)
        {
            value = null;
            error = Problem.BadRequest("invalid-" + field.Replace('_', '-'), $"{field} {ex.Message}");
            return false;
        }
    }

    private static bool IsValidRunId(string runId)
    {
        try
        {
            ContractValidation.RunId(runId);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Echoed input is cut to 64 characters so a problem never repeats a large body.</summary>
    private static string Shorten(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "…";
}
