using System.Globalization;
using System.Runtime.CompilerServices;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Cli.Tests.Commands;

/// <summary>
/// Byte-for-byte pins of command output captured before issue 13 moved the logic out of the CLI: the gex JSON and
/// text output and the greeks CSV must not change. The expected files live in tests/SuperGnosis.Cli.Tests/Pinned;
/// set GNOSIS_WRITE_PINS=1 to rewrite them (only after a deliberate output change).
/// </summary>
public sealed class PinnedOutputTests : IDisposable
{
    private const string AsOfText = "2024-03-06T15:00:00Z";
    private static readonly DateTimeOffset AsOf = new(2024, 3, 6, 15, 0, 0, TimeSpan.Zero);

    private const string CboeFixture = GexCommandTests.CboeFixture;

    private const string GreeksFixture =
        "symbol,type,strike,spot,t_years,expiry,price,iv,delta\n" +
        "\"SPY, weekly\",C,105,100,0.25,,3.1,,\n" +
        "QQQ,P,95,100,0.5,,2.5,,x\n" +
        "A,call,100,100,,2025-06-20,,0.2,\n" +
        "B,PUT,110,100,,2025-09-19,,0.31,\n" +
        "C,C,-5,100,0.5,,3,,\n" +
        "D,C,90,100,0.5,,5,,\n" +
        "E,X,100,100,0.5,,3,,\n" +
        "F,P,100,100,0,,3,,\n" +
        "G,C,100,100,0.5,,abc,,\n" +
        "H,C,100,100\n" +
        "I,C,100,100,,2025-13-01,,0.2,\n" +
        "J,C,100,100,,,,0.2,\n" +
        "K,C,100,100,0.5,,,,\n" +
        "L,P,100,100,0.5,,4,,\n" +
        "M,C,100,100,0.5,,,1e-9,\n" +
        "N,P,120,100,1.5,,21.5,,\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-pinned-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<string> SyntheticCsv()
    {
        var chain = await new SyntheticMarket().GetChainAsync("SPY", AsOf, CancellationToken.None);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        OptionChainCsv.Write(chain, writer);
        return WriteFile("chain.csv", writer.ToString());
    }

    /// <summary>Compares with the pinned file; the temporary folder's path is replaced by a placeholder.</summary>
    private void AssertPinned(string name, string actual, [CallerFilePath] string source = "")
    {
        actual = actual.Replace(_dir, "<dir>", StringComparison.Ordinal);
        var pinned = Path.Combine(Path.GetDirectoryName(source)!, "..", "Pinned", name);
        if (Environment.GetEnvironmentVariable("GNOSIS_WRITE_PINS") == "1")
        {
            File.WriteAllText(pinned, actual);
        }
        Assert.True(File.Exists(pinned), $"no pinned output {pinned}");
        Assert.Equal(File.ReadAllText(pinned), actual);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("recompute")]
    public async Task Gex_json_of_the_synthetic_chain_is_unchanged(string greeks)
    {
        var path = await SyntheticCsv();
        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json", "--greeks", greeks);
        Assert.Equal(0, code);
        AssertPinned($"gex-synthetic-{greeks}.json", stdout);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Gex_json_and_warnings_of_the_cboe_fixture_are_unchanged()
    {
        var path = WriteFile("spx.json", CboeFixture);
        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--json");
        Assert.Equal(0, code);
        AssertPinned("gex-cboe.json", stdout);
        AssertPinned("gex-cboe.stderr.txt", stderr);
    }

    [Fact]
    public async Task Gex_json_of_an_expired_chain_is_unchanged()
    {
        var path = await SyntheticCsv();
        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", "2030-01-02T15:00:00Z", "--json");
        Assert.Equal(0, code);
        AssertPinned("gex-expired.json", stdout);
        AssertPinned("gex-expired.stderr.txt", stderr);
    }

    [Fact]
    public async Task Gex_text_of_the_synthetic_chain_is_unchanged()
    {
        var path = await SyntheticCsv();
        var (code, stdout, _) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText);
        Assert.Equal(0, code);
        AssertPinned("gex-synthetic.txt", stdout);
    }

    [Fact]
    public async Task Gex_text_of_the_cboe_fixture_with_provider_greeks_is_unchanged()
    {
        var path = WriteFile("spx.json", CboeFixture);
        var (code, stdout, _) = await CliRunner.RunAsync("gex", "--chain", path, "--greeks", "provider");
        Assert.Equal(0, code);
        AssertPinned("gex-cboe-provider.txt", stdout);
    }

    [Theory]
    [InlineData("european", "0.03", "0.01")]
    [InlineData("american", "0.05", "0")]
    public async Task Greeks_csv_is_unchanged(string style, string rate, string div)
    {
        var input = WriteFile("in.csv", GreeksFixture);
        var output = Path.Combine(_dir, "out.csv");
        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "greeks", "--in", input, "--out", output, "--style", style, "--rate", rate, "--div", div, "--as-of", "2025-06-20T14:00:00Z");
        Assert.True(code == 0, stderr);
        AssertPinned($"greeks-{style}.csv", await File.ReadAllTextAsync(output));
        AssertPinned($"greeks-{style}.stdout.txt", stdout);
    }
}
