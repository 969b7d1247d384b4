using System.Collections;

namespace SuperGnosis.Hosting.Telemetry;

/// <summary>
/// The logging scope of one stage invocation: <c>run_id</c>, <c>stage</c>, <c>symbol</c> as structured properties
/// (providers that read scopes as key/value pairs get them as fields) and <c>run_id=… stage=… symbol=…</c> as text.
/// </summary>
public sealed class StageLogScope(string runId, string stage, string symbol) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string RunIdKey = "run_id";
    public const string StageKey = "stage";
    public const string SymbolKey = "symbol";

    public string RunId { get; } = runId;

    public string Stage { get; } = stage;

    public string Symbol { get; } = symbol;

    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new(RunIdKey, RunId),
        1 => new(StageKey, Stage),
        2 => new(SymbolKey, Symbol),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"run_id={RunId} stage={Stage} symbol={Symbol}";
}
