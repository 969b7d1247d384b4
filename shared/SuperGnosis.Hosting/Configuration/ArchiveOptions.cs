using SuperGnosis.Data.Ledger;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:Archive</c>: keep each run's captured inputs (chain, bars, trades, quotes, headlines) in the files
/// layout when the run completes (docs/data-formats.md, "Run archive"), so the history builds itself and any run can be
/// replayed with <c>--source files</c>.
/// </summary>
public sealed class ArchiveOptions
{
    /// <summary>
    /// On or off; unset = the host's default: off for <c>gnosis analyze</c>, on in hosts that run the market-hours schedule
    /// (the Functions app, the self-hosted service: <see cref="SuperGnosisServiceCollectionExtensions.AddSuperGnosisScheduling"/>).
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Where: a local folder (created when missing) or <c>az://container[/folder]</c>. Unset: <c>archive</c> under the user
    /// data folder (or <c>$GNOSIS_DATA_DIR/archive</c>); the Functions app: <c>az://sg-archive</c>.
    /// </summary>
    public string? Location { get; set; }

    /// <summary>The archive is on (<see cref="Enabled"/>, false when unset).</summary>
    public bool IsEnabled => Enabled ?? false;

    /// <summary>The location used: <see cref="Location"/>, else <see cref="DefaultFolder"/>.</summary>
    public string EffectiveLocation() => string.IsNullOrWhiteSpace(Location) ? DefaultFolder() : Location;

    /// <summary><c>archive</c> beside the default ledger: the user data folder, or <c>$GNOSIS_DATA_DIR</c> when set.</summary>
    public static string DefaultFolder(Func<string, string?>? environment = null) =>
        Path.Combine(Path.GetDirectoryName(JsonLinesLedgerStore.DefaultPath(environment))!, "archive");
}
