using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Messaging.Tests;

/// <summary>The contract JSON of a run's result, and the in-process runner's for comparison.</summary>
internal static class Reports
{
    public static string Of(PipelineResult result) => JsonSerializer.Serialize(result.ToReport(), ContractJson.Compact.AnalysisReport);

    /// <summary>The in-process runner's report (in-memory run state, no ledger) for the same symbol and as-of.</summary>
    public static async Task<string> InProcessAsync(string symbol, DateTimeOffset asOf)
    {
        await using var fresh = new ServiceCollection().AddSuperGnosis(BusComposition.Configuration()).BuildServiceProvider();
        return Of(await fresh.GetRequiredService<PipelineRunnerFactory>().Create(symbol).RunOnceAsync(asOf));
    }
}
