using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using SuperGnosis.Core.MarketData;

using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Tests.Chains.Oracle;

/// <summary>
/// Reads CBOE's delayed-quotes option JSON (<c>delayed_quotes/options/&lt;SYMBOL&gt;.json</c>):
/// <code>
/// { "timestamp": "2024-01-05 16:15:04",                         (New York time)
///   "data": { "symbol": "_SPX", "current_price": 4697.24, "close": 4697.24,
///             "options": [ { "option": "SPXW240105C04000000", "bid": .., "ask": .., "iv": 0.1523,
///                            "open_interest": .., "volume": .., "delta": .., "gamma": .., "vega": .., "theta": .. } ] } }
/// </code>
/// Units: <c>iv</c> is annualized as a decimal; gamma is per $ (kept); CBOE's vega is per vol point and theta per
/// calendar day, converted to <see cref="OptionQuote"/>'s per 1.00 of vol (x100) and per year (x365). CBOE gives
/// no vanna or charm: they are NaN, so the hedge engine recomputes them from <c>iv</c> (auto or recompute mode).
/// Spot = <c>current_price</c>, else <c>close</c>. The symbol loses CBOE's index underscore (<c>_SPX</c> -&gt; SPX).
/// Missing or non-numeric fields are NaN (non-numeric ones counted in <see cref="ChainFileResult.MalformedCells"/>);
/// an entry whose <c>option</c> is not an OCC symbol is skipped and reported by its 1-based index. Every row keeps
/// its OCC root, and the root decides exercise style and settlement (<see cref="OptionContractTerms"/>): SPX
/// (AM-settled, expires at the open) and SPXW (PM-settled) on a monthly date stay two contracts.
/// </summary>
internal static class OracleCboeDelayedQuotesJson
{
    /// <summary>
    /// Parses the file. The chain's as-of is <paramref name="asOf"/> when given, else the file's timestamp.
    /// Throws <see cref="FormatException"/> on malformed JSON, a missing <c>data</c> object or no usable as-of.
    /// </summary>
    public static ChainFileResult Read(string json, DateTimeOffset? asOf)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the CBOE file is not valid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && Duplicate(root) is { } duplicate)
            {
                throw new FormatException($"the CBOE file gives {duplicate} twice (which value holds the data cannot be known)");
            }
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("the CBOE file has no \"data\" object (expected CBOE delayed-quotes option JSON)");
            }
            var timestamp = ParseTimestamp(root);
            var effectiveAsOf = asOf ?? timestamp
                ?? throw new FormatException("the CBOE file has no readable \"timestamp\" (\"YYYY-MM-DD HH:MM:SS\", New York time); pass --as-of");

            var malformed = 0;
            var symbol = (Text(data, "symbol") ?? string.Empty).Trim().TrimStart('_').ToUpperInvariant();
            var spot = Number(data, "current_price", ref malformed);
            if (!(spot > 0 && double.IsFinite(spot)))
            {
                spot = Number(data, "close", ref malformed);
            }

            var skipped = new List<SkippedChainRow>();
            var rows = ImmutableArray.CreateBuilder<OptionQuote>();
            if (data.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var entry in options.EnumerateArray())
                {
                    index++;
                    var name = entry.ValueKind == JsonValueKind.Object ? Text(entry, "option") : null;
                    if (!OracleOccSymbol.TryParse(name, out var occ))
                    {
                        skipped.Add(new SkippedChainRow(index, $"option '{name}' is not an OCC symbol"));
                        continue;
                    }
                    rows.Add(ReadQuote(entry, occ, ref malformed));
                }
            }
            else if (data.TryGetProperty("options", out _))
            {
                throw new FormatException("the CBOE file's data.options is not an array");
            }

            return new ChainFileResult(new OptionChain(symbol, effectiveAsOf, spot, rows.ToImmutable()), skipped, malformed, timestamp);
        }
    }

    private static readonly string[] EntryKeys = ["option", "bid", "ask", "iv", "open_interest", "volume", "delta", "gamma", "vega", "theta"];

    /// <summary>The first key the reader uses that an object gives twice (root keys first, then data's and its entries'
    /// in document order), described as the reader's message says it; null when there is none.</summary>
    private static string? Duplicate(JsonElement root)
    {
        var seen = new HashSet<string>();
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name is "timestamp" or "data" && !seen.Add(p.Name))
            {
                return $"\"{p.Name}\"";
            }
        }
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var dataSeen = new HashSet<string>();
        foreach (var p in data.EnumerateObject())
        {
            if (p.Name is "symbol" or "current_price" or "close" or "options" && !dataSeen.Add(p.Name))
            {
                return "data." + p.Name;
            }
            if (p.Name == "options" && p.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var entry in p.Value.EnumerateArray())
                {
                    index++;
                    if (entry.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }
                    var entrySeen = new HashSet<string>();
                    foreach (var field in entry.EnumerateObject())
                    {
                        if (EntryKeys.Contains(field.Name) && !entrySeen.Add(field.Name))
                        {
                            return $"entry {index}'s \"{field.Name}\"";
                        }
                    }
                }
            }
        }
        return null;
    }

    /// <summary>One pass over an entry's properties (CBOE entries carry ~20; looking each field up separately scans them repeatedly).</summary>
    private static OptionQuote ReadQuote(JsonElement entry, OracleOccSymbol occ, ref int malformed)
    {
        double bid = double.NaN, ask = double.NaN, iv = double.NaN, oi = double.NaN, volume = double.NaN,
            delta = double.NaN, gamma = double.NaN, vega = double.NaN, theta = double.NaN;
        foreach (var property in entry.EnumerateObject())
        {
            // NameEquals compares the raw UTF-8 name without allocating a string per property.
            var v = property.Value;
            if (property.NameEquals("bid"u8)) { bid = Number(v, ref malformed); }
            else if (property.NameEquals("ask"u8)) { ask = Number(v, ref malformed); }
            else if (property.NameEquals("iv"u8)) { iv = Number(v, ref malformed); }
            else if (property.NameEquals("open_interest"u8)) { oi = Number(v, ref malformed); }
            else if (property.NameEquals("volume"u8)) { volume = Number(v, ref malformed); }
            else if (property.NameEquals("delta"u8)) { delta = Number(v, ref malformed); }
            else if (property.NameEquals("gamma"u8)) { gamma = Number(v, ref malformed); }
            else if (property.NameEquals("vega"u8)) { vega = Number(v, ref malformed); }
            else if (property.NameEquals("theta"u8)) { theta = Number(v, ref malformed); }
        }
        var mid = double.IsFinite(bid) && double.IsFinite(ask) ? 0.5 * (bid + ask) : double.NaN;
        // CBOE: vega per vol point -> per 1.00 of vol; theta per calendar day -> per year. No vanna or charm.
        var (style, settlement) = OptionContractTerms.ForRoot(occ.Root);
        return new OptionQuote(occ.Expiry, occ.Strike, occ.Right, bid, ask, mid, volume, oi, iv, delta, gamma, vega * 100, theta * 365, double.NaN, double.NaN,
            occ.Root, style, settlement);
    }

    /// <summary>"YYYY-MM-DD HH:MM:SS" (also with a 'T') read as New York wall-clock time (a time in the spring-forward gap is unreadable); an explicit offset is honoured.</summary>
    private static DateTimeOffset? ParseTimestamp(JsonElement root)
    {
        var text = Text(root, "timestamp")?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // A wall time in the spring-forward gap does not exist: unreadable.
            return NewYorkTime.TryAtStrict(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), out var instant) ? instant : null;
        }
        string[] withOffset = ["yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-dd HH:mm:ssZ"];
        return DateTimeOffset.TryParseExact(text, withOffset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var explicitOffset)
            ? explicitOffset
            : null;
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number, or a string holding one; missing/null is NaN; anything else is NaN and counted as malformed.</summary>
    private static double Number(JsonElement obj, string name, ref int malformed) =>
        obj.TryGetProperty(name, out var value) ? Number(value, ref malformed) : double.NaN;

    private static double Number(JsonElement value, ref int malformed)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return double.NaN;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return number;
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            var s = value.GetString()!.Trim();
            if (s.Length == 0)
            {
                return double.NaN;
            }
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }
        }
        malformed++;
        return double.NaN;
    }
}
