using SuperGnosis.Data.Ledger;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:Parameters</c>: where the feedback loop's parameter versions are read from (docs/metrics.md,
/// "Feedback"). <see cref="Kind"/> "none" (default: the configured options as they are), "files" (the folder
/// <see cref="Directory"/>, default <c>parameters/</c> beside the default ledger file), or a kind a host registers
/// (the Functions app: blobs). When a store is configured, the newest accepted version is applied to the composer
/// weights and the trade agent's risk fraction and minimum confidence when the host composes the pipeline.
/// </summary>
public sealed class ParametersOptions
{
    public const string NoneKind = "none";
    public const string FilesKind = "files";

    /// <summary>The kind a host's own store reports (<see cref="SuperGnosisBuilder.UseParameterStore"/>).</summary>
    public const string CustomKind = "custom";

    public string Kind { get; set; } = NoneKind;

    public string? Directory { get; set; }

    public string EffectiveDirectory() =>
        string.IsNullOrWhiteSpace(Directory) ? Path.Combine(Path.GetDirectoryName(JsonLinesLedgerStore.DefaultPath())!, "parameters") : Directory;
}
