using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Server.Http;

/// <summary>Runs the whole pipeline in process (<see cref="PipelineRunner"/>) for the on-demand analysis route.</summary>
public interface IOnDemandAnalyzer
{
    Task<PipelineResult> AnalyzeAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>The instants the configured market data can answer for; the API refuses others with a 400.</summary>
public interface IMarketDataWindow
{
    /// <summary>Null when <paramref name="asOf"/> can be analyzed; otherwise the reason, for the problem detail.</summary>
    string? Check(DateTimeOffset asOf);
}

/// <summary>One reachability check of <c>GET /api/health</c> (a storage account service, a table, a queue).</summary>
public interface IHealthProbe
{
    string Name { get; }

    /// <summary>Completes when the dependency answered; throws when it did not.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
