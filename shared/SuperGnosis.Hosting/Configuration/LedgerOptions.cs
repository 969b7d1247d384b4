using SuperGnosis.Data.Ledger;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:Ledger</c>: where decisions are recorded. <see cref="Kind"/> is "jsonl" (the JSON-lines file at
/// <see cref="Path"/>, default <see cref="JsonLinesLedgerStore.DefaultPath"/>), "none" (nothing recorded), or a kind a
/// host registered with <see cref="SuperGnosisBuilder.AddLedgerKind"/>.
/// </summary>
public sealed class LedgerOptions
{
    public const string JsonLinesKind = "jsonl";
    public const string NoneKind = "none";

    public string Kind { get; set; } = JsonLinesKind;

    /// <summary>File of the "jsonl" kind; null or empty: the user data folder, or <c>$GNOSIS_DATA_DIR/ledger.jsonl</c>.</summary>
    public string? Path { get; set; }

    /// <summary>The file the "jsonl" kind writes.</summary>
    public string EffectivePath() => string.IsNullOrWhiteSpace(Path) ? JsonLinesLedgerStore.DefaultPath() : Path;
}
