using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Hosting.Pipeline;

/// <summary>
/// Creates the in-process <see cref="PipelineRunner"/> of a symbol over the registered <see cref="PipelineComponents"/>,
/// with the run-id fingerprint of the configuration (<see cref="RunFingerprint"/>): the same symbol, as-of and
/// configuration always give the same run id, in every host.
/// </summary>
public sealed class PipelineRunnerFactory(PipelineComponents components, RunFingerprint fingerprint)
{
    public PipelineRunner Create(string symbol) => new(symbol, components, fingerprint.Value);
}
