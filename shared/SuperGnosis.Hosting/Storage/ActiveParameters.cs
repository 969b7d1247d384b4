using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Hosting.Storage;

/// <summary>The parameter store the configuration chose (<c>SuperGnosis:Parameters:Kind</c>), or none.</summary>
public sealed record ParameterStoreSelection(IParameterStore? Store, string Kind, string? Location);

/// <summary>
/// The parameters the pipeline runs with: the configured options (<see cref="Defaults"/>) with the newest accepted
/// <see cref="Version"/> of the parameter store applied (none: the configured options unchanged). Loaded once when the
/// host composes the pipeline; a host picks up a newer version when it starts again.
/// </summary>
public sealed record ActiveParameters(ParameterSet Defaults, ParameterVersion? Version, ComposerOptions Composer, TradeAgentOptions Trade)
{
    /// <summary>Why the store could not be read (the configured options are then used, without a version tag); null when it was.</summary>
    public string? LoadError { get; init; }

    /// <summary>The label decisions record (<c>parameter_version:vNNNNNN</c> tag of the composite), null with the configured options.</summary>
    public string? Label => Version is null ? null : ParameterVersion.Label(Version.Version);

    public static ActiveParameters Load(ComposerOptions composer, TradeAgentOptions trade, IParameterStore? store)
    {
        ArgumentNullException.ThrowIfNull(composer);
        ArgumentNullException.ThrowIfNull(trade);
        var defaults = ParameterSet.From(composer, trade);
        ParameterVersion? version;
        try
        {
            version = store?.GetLatestAcceptedAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An unreachable store must not stop the host (its health route must still answer): the configured options
            // run, the decisions carry no version tag, and the host logs why.
            return new ActiveParameters(defaults, null, composer, trade) { LoadError = $"{e.GetType().Name}: {e.Message}" };
        }
        return version is null
            ? new ActiveParameters(defaults, null, composer, trade)
            : new ActiveParameters(defaults, version, version.Parameters.ApplyTo(composer), version.Parameters.ApplyTo(trade));
    }
}
