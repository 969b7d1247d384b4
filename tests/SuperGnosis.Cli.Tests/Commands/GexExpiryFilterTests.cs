using System.Globalization;
using System.Text.Json;
using SuperGnosis.Core.Engines.Hedge;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Synthetic;

namespace SuperGnosis.Cli.Tests.Commands;

/// <summary><c>gnosis gex --expiries ... --max-dte N</c> end to end: the same features as the analyzer on a chain filtered by hand.</summary>
public sealed class GexExpiryFilterTests : IDisposable
{
    // Wednesday 2024-03-06 10:00 New York; the March monthly is Friday 2024-03-15.
    private static readonly DateTimeOffset AsOf = new(2024, 3, 6, 15, 0, 0, TimeSpan.Zero);
    private const string AsOfText = "2024-03-06T15:00:00Z";
    private static readonly DateOnly NewYorkDate = new(2024, 3, 6);

    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-gex-expiry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(string Path, OptionChain Chain)> FixtureAsync()
    {
        var synthetic = await new SyntheticMarket().GetChainAsync("SPY", AsOf, CancellationToken.None);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        OptionChainCsv.Write(synthetic, writer);
        var path = Path.Combine(_dir, "SPY.csv");
        await File.WriteAllTextAsync(path, writer.ToString());
        return (path, OptionChainCsv.Read(writer.ToString(), AsOf).Chain);
    }

    /// <summary>The third Friday of the month, written out here without the calendar (no holiday falls on one in 2024).</summary>
    private static bool IsThirdFriday(DateOnly date) => date.DayOfWeek == DayOfWeek.Friday && date.Day is >= 15 and <= 21;

    private static bool Wanted(OptionQuote q, string expiries, int? maxDte)
    {
        var dte = q.Expiry.DayNumber - NewYorkDate.DayNumber;
        return (maxDte is null || dte <= maxDte) && expiries switch
        {
            "0dte" => dte == 0,
            "weekly" => !IsThirdFriday(q.Expiry),
            "monthly" => IsThirdFriday(q.Expiry),
            _ => true,
        };
    }

    [Theory]
    [InlineData("0dte", null)]
    [InlineData("weekly", null)]
    [InlineData("monthly", null)]
    [InlineData("all", 7)]
    [InlineData("weekly", 2)]
    public async Task Each_filter_gives_the_features_of_the_hand_filtered_chain(string expiries, int? maxDte)
    {
        var (path, chain) = await FixtureAsync();
        var handFiltered = chain with { Quotes = [.. chain.Quotes.Where(q => Wanted(q, expiries, maxDte))] };
        Assert.NotEmpty(handFiltered.Quotes);
        Assert.NotEqual(chain.Quotes.Length, handFiltered.Quotes.Length);
        string[] args = maxDte is { } n
            ? ["gex", "--chain", path, "--as-of", AsOfText, "--json", "--expiries", expiries, "--max-dte", n.ToString(CultureInfo.InvariantCulture)]
            : ["gex", "--chain", path, "--as-of", AsOfText, "--json", "--expiries", expiries];

        var filtered = await CliRunner.RunAsync(args);
        var unfiltered = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json");

        Assert.True(filtered.Code == 0, filtered.Err);
        using var actual = JsonDocument.Parse(filtered.Out);
        using var expected = JsonDocument.Parse(GexJsonContext.Serialize(HedgeAnalyzer.Analyze("SPY", handFiltered, AsOf)));
        using var all = JsonDocument.Parse(unfiltered.Out);
        string Part(JsonDocument doc, string name) => doc.RootElement.GetProperty("engine_output").GetProperty(name).GetRawText();
        Assert.Equal(Part(expected, "features"), Part(actual, "features"));
        Assert.Equal(Part(expected, "confidence"), Part(actual, "confidence"));
        Assert.Equal(expected.RootElement.GetProperty("hedge_profile").GetRawText(), actual.RootElement.GetProperty("hedge_profile").GetRawText());
        Assert.NotEqual(Part(all, "features"), Part(actual, "features"));

        var metadata = actual.RootElement.GetProperty("engine_output").GetProperty("metadata");
        Assert.Equal(expiries, metadata.GetProperty("expiry_filter").GetString());
        Assert.Equal(maxDte?.ToString(CultureInfo.InvariantCulture), metadata.TryGetProperty("max_dte", out var max) ? max.GetString() : null);
        Assert.Equal((chain.Quotes.Length - handFiltered.Quotes.Length).ToString(CultureInfo.InvariantCulture),
            metadata.GetProperty("expiry_filter_rows_excluded").GetString());
        Assert.False(all.RootElement.GetProperty("engine_output").GetProperty("metadata").TryGetProperty("expiry_filter", out _));
    }

    [Fact]
    public async Task The_default_filter_spelled_out_gives_the_same_output_as_none()
    {
        var (path, _) = await FixtureAsync();
        var none = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json");
        var all = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--json", "--expiries", "all");
        Assert.Equal(0, none.Code);
        Assert.Equal(none.Out, all.Out);
    }

    [Fact]
    public async Task A_filter_that_leaves_no_contracts_is_a_usage_error_naming_the_filter_and_the_expiries()
    {
        var (path, _) = await FixtureAsync();

        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, "--expiries", "monthly", "--max-dte", "8");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.StartsWith("error:", stderr, StringComparison.Ordinal);
        Assert.Contains("--expiries monthly --max-dte 8 leaves no unexpired contracts", stderr, StringComparison.Ordinal);
        Assert.Contains("2024-03-06 (0 DTE, weekly)", stderr, StringComparison.Ordinal);
        Assert.Contains("2024-03-15 (9 DTE, monthly)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--expiries", "quarterly")]
    [InlineData("--max-dte", "-1")]
    [InlineData("--max-dte", "7.5")]
    [InlineData("--max-dte", "seven")]
    public async Task Bad_filter_values_are_usage_errors(string option, string value)
    {
        var (path, _) = await FixtureAsync();
        var (code, _, stderr) = await CliRunner.RunAsync("gex", "--chain", path, "--as-of", AsOfText, option, value);
        Assert.Equal(2, code);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_documents_the_filters()
    {
        var (_, stdout, _) = await CliRunner.RunAsync("gex", "--help");
        Assert.Contains("--expiries", stdout, StringComparison.Ordinal);
        Assert.Contains("--max-dte", stdout, StringComparison.Ordinal);
        Assert.Contains("third Friday", stdout, StringComparison.Ordinal);
    }
}
