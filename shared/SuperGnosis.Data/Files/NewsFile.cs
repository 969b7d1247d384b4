using System.Text.Json;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Files;

/// <summary>
/// <c>news.jsonl</c>: one JSON object per line, <c>{"timestamp": ..., "headline": ..., "body": ..., "source": ...,
/// "symbols": [...]}</c>. <c>timestamp</c> by the as-of rule; <c>headline</c> is the text scored; <c>body</c> is read
/// but not used; <c>source</c> names the outlet (<c>unknown</c> when absent); <c>symbols</c>, when present and not
/// empty, must include the folder's symbol. Blank lines are ignored. Lines skipped by reason: <c>invalid_json</c>,
/// <c>bad_timestamp</c>, <c>missing_headline</c>, <c>other_symbol</c>. Results are in time order (stable).
/// </summary>
internal static class NewsFile
{
    public static FileRows<NewsHeadline> Read(ReadOnlyMemory<byte> bytes, string symbol, CancellationToken ct)
    {
        var skips = new RowSkips();
        var headlines = new List<NewsHeadline>();
        using var reader = new StreamReader(MemoryStreams.Of(bytes), detectEncodingFromByteOrderMarks: true);
        while (reader.ReadLine() is { } line)
        {
            ct.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                skips.Add("invalid_json");
                continue;
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    skips.Add("invalid_json");
                    continue;
                }
                if (Text(root, "timestamp") is not { } stamp || !TabularFile.Time(stamp, out var at, out _))
                {
                    skips.Add("bad_timestamp");
                    continue;
                }
                if (Text(root, "headline") is not { } headline || headline.Trim().Length == 0)
                {
                    skips.Add("missing_headline");
                    continue;
                }
                if (root.TryGetProperty("symbols", out var symbols) && symbols.ValueKind == JsonValueKind.Array && symbols.GetArrayLength() > 0
                    && !symbols.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.String && string.Equals(s.GetString(), symbol, StringComparison.OrdinalIgnoreCase)))
                {
                    skips.Add("other_symbol");
                    continue;
                }
                var source = Text(root, "source") is { } s && s.Trim().Length > 0 ? s.Trim() : "unknown";
                headlines.Add(new NewsHeadline(at, symbol, source, headline.Trim()));
            }
        }
        return new FileRows<NewsHeadline>([.. headlines.OrderBy(h => h.Timestamp)], skips);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
