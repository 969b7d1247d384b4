using System.Collections.Immutable;
using System.Text.Json;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Providers.Cboe;

/// <summary>
/// Option chains from CBOE's delayed quotes (<c>options/&lt;SYMBOL&gt;.json</c>, ~15 minutes delayed; indices with CBOE's
/// underscore: SPX is <c>_SPX</c>), read by <see cref="CboeDelayedQuotesJson"/> (the reader <c>gnosis gex --chain</c>
/// uses). The endpoint's shape is checked: a changed shape fails with what changed ("data.options missing (data has:
/// ...)"), never a JSON exception. CBOE serves only its latest snapshot, stamped with its <c>timestamp</c> (New York time):
/// the point-in-time rule applies (<see cref="PointInTime"/>). No bars, trades, quotes or news.
/// </summary>
public sealed class CboeMarketData : LiveMarketData, IOptionsChainSource, IChainSnapshotSource
{
    private const string Endpoint = "delayed quotes";

    /// <summary>Underlyings CBOE files under an underscore (cash indices).</summary>
    private static readonly HashSet<string> Indices = new(["SPX", "XSP", "VIX", "NDX", "RUT", "DJX", "OEX", "XEO", "MRUT", "NDXP", "VIX9D"], StringComparer.OrdinalIgnoreCase);

    private readonly Func<CboeClient> _client;

    public CboeMarketData(Func<CboeClient> client, CboeOptions options, ProviderResponseCache cache, IMarketCalendar? calendar = null)
        : base(options, cache, calendar)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
    }

    public override string Provider => CboeClient.Name;

    public override ImmutableHashSet<DataKind> Provides { get; } = [DataKind.Chain];

    public string SnapshotProvider => Provider;

    /// <summary>CBOE's file name for a symbol: <c>_SPX</c> for the cash indices, the ticker otherwise (<c>^SPX</c> reads as SPX).</summary>
    public static string CboeSymbol(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var s = symbol.Trim().TrimStart('^', '_').ToUpperInvariant();
        return Indices.Contains(s) ? "_" + s : s;
    }

    public async Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(symbol, cancellationToken).ConfigureAwait(false);
        return ServeChain(snapshot, symbol, asOf);
    }

    public void CheckPointInTime(ChainSnapshot snapshot, string symbol, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        PointInTime.Check(Provider, "option chain", symbol, snapshot.Stamp, asOf, OptionsBase.AllowSnapshotAfterAsOfWhileClosed, Calendar);
    }

    public Task<ChainSnapshot> GetSnapshotAsync(string symbol, CancellationToken cancellationToken)
    {
        var file = CboeSymbol(symbol);
        return CachedAsync("chain", file, "latest", async ct =>
        {
            var client = _client();
            var body = await client.GetBytesAsync(Endpoint, file, $"options/{Uri.EscapeDataString(file)}.json", ct).ConfigureAwait(false);
            var read = Read(client, file, body);
            return new ChainSnapshot(read, read.FileTimestamp!.Value, Provider);
        }, cancellationToken);
    }

    /// <summary>Reads a CBOE body, or fails with what is not as documented.</summary>
    internal static ChainFileResult Read(ProviderClient client, string file, byte[] body)
    {
        ChainFileResult read;
        try
        {
            read = CboeDelayedQuotesJson.Read(body, asOf: null);
        }
        catch (FormatException ex)
        {
            using var doc = client.ParseJson(Endpoint, file, body);
            var problem = ShapeProblem(doc.RootElement)
                ?? (ex.Message.Contains("timestamp", StringComparison.Ordinal)
                    ? $"timestamp '{ProviderJson.Text(doc.RootElement, "timestamp")}' unreadable (expected \"YYYY-MM-DD HH:MM:SS\", New York time)"
                    : ex.Message);
            throw client.Shape(Endpoint, file, "CBOE response: " + problem);
        }
        if (read.RowsInFile == 0 || !double.IsFinite(read.Chain.UnderlyingPrice) || read.FileTimestamp is null)
        {
            using var doc = client.ParseJson(Endpoint, file, body);
            if (ShapeProblem(doc.RootElement) is { } problem)
            {
                throw client.Shape(Endpoint, file, "CBOE response: " + problem);
            }
        }
        if (read.RowsInFile == 0)
        {
            throw client.Fail(Endpoint, file, (ProviderFailure.UnknownSymbol, "CBOE lists no option contracts (data.options is empty)"), null);
        }
        if (read.LostMostRows)
        {
            using var doc = client.ParseJson(Endpoint, file, body);
            var first = ProviderJson.Array(doc.RootElement, "data.options").FirstOrDefault();
            throw client.Shape(Endpoint, file,
                $"CBOE response: {read.Skipped.Count} of {read.RowsInFile} entries of data.options have no OCC 'option' symbol "
                + $"({read.Skipped[0].Reason}; the first entry has: {ProviderJson.Keys(first)}): the format changed");
        }
        if (read.MalformedCells > read.RowsInFile)
        {
            throw client.Shape(Endpoint, file,
                $"CBOE response: {read.MalformedCells} number fields in {read.RowsInFile} entries are not numbers: the format changed");
        }
        return read;
    }

    /// <summary>The first way the document differs from CBOE's documented shape, or null.</summary>
    private static string? ShapeProblem(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"the body is {ProviderJson.Kind(root)}, expected an object with \"timestamp\" and \"data\"";
        }
        if (!root.TryGetProperty("data", out var data))
        {
            return $"data missing (the body has: {ProviderJson.Keys(root)})";
        }
        if (data.ValueKind != JsonValueKind.Object)
        {
            return $"data is {ProviderJson.Kind(data)}, expected an object";
        }
        if (!data.TryGetProperty("options", out var options))
        {
            return $"data.options missing (data has: {ProviderJson.Keys(data)})";
        }
        if (options.ValueKind != JsonValueKind.Array)
        {
            return $"data.options is {ProviderJson.Kind(options)}, expected an array";
        }
        if (ProviderJson.Text(root, "timestamp") is not { Length: > 0 })
        {
            return $"timestamp missing or not a string (the body has: {ProviderJson.Keys(root)})";
        }
        if (!double.IsFinite(ProviderJson.Number(data, "current_price")) && !double.IsFinite(ProviderJson.Number(data, "close")))
        {
            return $"data.current_price and data.close missing or not numbers (data has: {ProviderJson.Keys(data)})";
        }
        return null;
    }
}
