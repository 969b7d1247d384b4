using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Cli;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Hosting.Tests.Pipeline;

/// <summary>A run through the hosting root, as any host does it, prints exactly what <c>gnosis analyze --json</c> prints.</summary>
public sealed class CliEquivalenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-hosting-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("SPY", "2026-11-24T15:30:00Z", 7)]
    [InlineData("MSFT", "2025-09-10T17:00:00Z", 7)]
    [InlineData("SPY", "2024-03-06T19:45:00Z", 11)]
    public async Task In_process_run_equals_gnosis_analyze_json(string symbol, string asOf, int seed)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GnosisCli.RunAsync(
            ["analyze", symbol, "--as-of", asOf, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", "--ledger", Path.Combine(_dir, "cli.jsonl")],
            CliContext.ForWriters(output, error, TimeProvider.System));
        Assert.True(code == 0, error.ToString());

        var settings = new Dictionary<string, string?>
        {
            ["SuperGnosis:MarketData:Seed"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SuperGnosis:Ledger:Path"] = Path.Combine(_dir, "host.jsonl"),
        };
        await using var services = TestComposition.BuildValidated(settings);
        var result = await services.GetRequiredService<PipelineRunnerFactory>().Create(symbol).RunOnceAsync(DateTimeOffset.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(output.ToString(), JsonSerializer.Serialize(result.ToReport(), ContractJson.Indented.AnalysisReport) + Environment.NewLine);
    }
}
