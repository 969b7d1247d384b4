using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Pipeline;

namespace SuperGnosis.Cli.Tests.Composition;

/// <summary>
/// A backtest-style walk: one composition (one synthetic market object) and one runner, as-of moving forward through a session (13
/// snapshots), across days, over an early close, a weekend and back in time. Every report must match, byte for
/// byte (SHA-256 of its compact JSON), the walk captured before issue 18 added caches to the synthetic market; a few
/// instants are also run on a fresh composition (a fresh market), which must give the same bytes as the shared one.
/// The pinned hashes live in tests/SuperGnosis.Cli.Tests/Pinned/pipeline-walk.sha256.txt (GNOSIS_WRITE_PINS=1 rewrites it).
/// </summary>
public sealed class PipelineWalkPinTests
{
    private static IEnumerable<DateTimeOffset> Walk()
    {
        // 2026-11-24 (Tuesday): 09:30 to 15:30 New York every 30 minutes (14:30Z to 20:30Z), then after the close.
        var open = new DateTimeOffset(2026, 11, 24, 14, 30, 0, TimeSpan.Zero);
        for (var i = 0; i < 13; i++)
        {
            yield return open.AddMinutes(30 * i);
        }
        yield return new DateTimeOffset(2026, 11, 24, 21, 5, 0, TimeSpan.Zero);
        yield return new DateTimeOffset(2026, 11, 25, 15, 1, 0, TimeSpan.Zero);
        // 2026-11-27: early close at 13:00 New York (18:00Z); during and after.
        yield return new DateTimeOffset(2026, 11, 27, 17, 30, 0, TimeSpan.Zero);
        yield return new DateTimeOffset(2026, 11, 27, 19, 0, 0, TimeSpan.Zero);
        // Saturday, then back in time, then the first session minute of a Monday.
        yield return new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
        yield return new DateTimeOffset(2024, 3, 6, 19, 45, 0, TimeSpan.Zero);
        yield return new DateTimeOffset(2026, 11, 30, 14, 31, 0, TimeSpan.Zero);
    }

    private static string Hash(PipelineResult result) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result.ToReport(), ContractJson.Compact.AnalysisReport))));

    private static readonly Dictionary<string, string?> NoLedger = new() { ["SuperGnosis:Ledger:Kind"] = "none" };

    private static (ServiceProvider Services, PipelineRunner Runner) Compose()
    {
        var services = CliServices.Build(NoLedger, includeEnvironment: false);
        return (services, services.GetRequiredService<PipelineRunnerFactory>().Create("SPY"));
    }

    [Fact]
    public async Task Walk_on_one_market_matches_the_pinned_reports_and_fresh_markets()
    {
        var (services, runner) = Compose();
        await using var _ = services;
        var lines = new StringBuilder();
        var asOfs = Walk().ToList();
        var hashes = new List<string>();
        foreach (var asOf in asOfs)
        {
            var hash = Hash(await runner.RunOnceAsync(asOf));
            hashes.Add(hash);
            lines.Append(asOf.ToString("O", System.Globalization.CultureInfo.InvariantCulture)).Append(' ').Append(hash).Append('\n');
        }
        AssertPinned("pipeline-walk.sha256.txt", lines.ToString());

        foreach (var i in new[] { 0, 6, 15, 18 })
        {
            var (freshServices, fresh) = Compose();
            await using (freshServices)
            {
                Assert.Equal(hashes[i], Hash(await fresh.RunOnceAsync(asOfs[i])));
            }
        }
    }

    private static void AssertPinned(string name, string actual, [CallerFilePath] string source = "")
    {
        var pinned = Path.Combine(Path.GetDirectoryName(source)!, "..", "Pinned", name);
        if (Environment.GetEnvironmentVariable("GNOSIS_WRITE_PINS") == "1")
        {
            File.WriteAllText(pinned, actual);
        }
        Assert.True(File.Exists(pinned), $"no pinned output {pinned}");
        Assert.Equal(File.ReadAllText(pinned), actual);
    }
}
