namespace SuperGnosis.Hosting.Pipeline;

/// <summary>
/// The configuration fingerprint run ids are derived from (<see cref="Core.Pipeline.RunIds.ForRun"/>): the identity of
/// the market-data source (for the synthetic market <c>synthetic-seed-{seed}</c>).
/// </summary>
public sealed class RunFingerprint(string value)
{
    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));

    public override string ToString() => Value;
}
