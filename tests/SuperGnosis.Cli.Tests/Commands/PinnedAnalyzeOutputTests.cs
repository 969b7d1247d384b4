using System.Runtime.CompilerServices;

namespace SuperGnosis.Cli.Tests.Commands;

/// <summary>
/// Byte-for-byte pins of <c>gnosis analyze</c> captured before issue 18 sped the pipeline run up: the JSON report,
/// the ledger line and the text view of three instants (two in market hours, one before the open) must not change.
/// The expected files live in tests/SuperGnosis.Cli.Tests/Pinned; set GNOSIS_WRITE_PINS=1 to rewrite them (only after
/// a deliberate output change).
/// </summary>
public sealed class PinnedAnalyzeOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-pinned-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

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

    /// <summary>Tuesday 10:30 New York (the README's instant), Wednesday 14:45, and a Monday at 07:00, before the open.</summary>
    [Theory]
    [InlineData("2026-11-24T15:30:00Z", "2026-11-24T1530Z")]
    [InlineData("2024-03-06T19:45:00Z", "2024-03-06T1945Z")]
    [InlineData("2025-06-16T11:00:00Z", "2025-06-16T1100Z")]
    public async Task Analyze_json_and_ledger_line_are_unchanged(string asOf, string tag)
    {
        var ledger = Path.Combine(_dir, "ledger.jsonl");
        var (code, stdout, stderr) = await CliRunner.RunAsync("analyze", "SPY", "--as-of", asOf, "--json", "--ledger", ledger);
        Assert.True(code == 0, stderr);
        AssertPinned($"analyze-spy-{tag}.json", stdout);
        AssertPinned($"analyze-spy-{tag}.ledger.jsonl", await File.ReadAllTextAsync(ledger));
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Analyze_text_view_is_unchanged()
    {
        var ledger = Path.Combine(_dir, "ledger.jsonl");
        var (code, stdout, stderr) = await CliRunner.RunAsync("analyze", "SPY", "--as-of", "2026-11-24T15:30:00Z", "--ledger", ledger);
        Assert.True(code == 0, stderr);
        AssertPinned("analyze-spy-2026-11-24T1530Z.txt", stdout.Replace(_dir, "<dir>", StringComparison.Ordinal));
    }

    /// <summary>A second symbol with derived (not hand-set) profile values, in market hours.</summary>
    [Fact]
    public async Task Analyze_json_of_a_derived_symbol_is_unchanged()
    {
        var ledger = Path.Combine(_dir, "ledger.jsonl");
        var (code, stdout, stderr) = await CliRunner.RunAsync("analyze", "MSFT", "--as-of", "2025-09-10T17:00:00Z", "--json", "--ledger", ledger);
        Assert.True(code == 0, stderr);
        AssertPinned("analyze-msft-2025-09-10T1700Z.json", stdout);
    }
}
