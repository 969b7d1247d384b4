using System.Globalization;
using System.Text.Json;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Cli.Tests.Commands;

/// <summary>analyze, gex and greeks read --as-of by the one rule of <see cref="AsOfText"/>.</summary>
public sealed class AsOfOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-asof-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<DateTimeOffset> AnalyzeAsOf(string asOf)
    {
        var (code, stdout, stderr) = await CliRunner.RunAsync("analyze", "SPY", "--as-of", asOf, "--json", "--ledger", Path.Combine(_dir, "ledger.jsonl"));
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.GetProperty("snapshot").GetProperty("timestamp").GetDateTimeOffset();
    }

    private async Task<DateTimeOffset> GexAsOf(string asOf)
    {
        var chain = Write("qqq.csv", "underlying_price,expiry,strike,type,open_interest,iv\n400,2027-12-17,400,C,100,0.2\n400,2027-12-17,400,P,100,0.2\n");
        var (code, stdout, stderr) = await CliRunner.RunAsync("gex", "--chain", chain, "--as-of", asOf, "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.GetProperty("engine_output").GetProperty("timestamp").GetDateTimeOffset();
    }

    /// <summary>The call price greeks writes for an expiry on <paramref name="expiry"/> valued at <paramref name="asOf"/>.</summary>
    private async Task<double> GreeksPrice(string asOf, DateOnly expiry)
    {
        var input = Write("in.csv", $"type,strike,spot,expiry,iv\nC,100,100,{expiry:yyyy-MM-dd},0.2\n");
        var output = Path.Combine(_dir, "out.csv");
        var (code, _, stderr) = await CliRunner.RunAsync("greeks", "--in", input, "--out", output, "--as-of", asOf);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(output);
        var header = lines[0].Split(',');
        return double.Parse(lines[1].Split(',')[Array.IndexOf(header, "price")], CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("2026-11-24T10:30:00", "2026-11-24T15:30:00Z")] // EST
    [InlineData("2026-11-24 10:30", "2026-11-24T15:30:00Z")]
    [InlineData("2026-07-15T10:00:00", "2026-07-15T14:00:00Z")] // EDT
    [InlineData("2026-11-24", "2026-11-24T05:00:00Z")] // a date: 00:00 New York
    [InlineData("2026-11-24T17:30:00+02:00", "2026-11-24T15:30:00Z")]
    public async Task Analyze_gex_and_greeks_read_the_same_text_as_the_same_instant(string text, string utc)
    {
        var expected = DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

        Assert.Equal(expected, await AnalyzeAsOf(text));
        Assert.Equal(expected, await GexAsOf(text));
        var expiry = DateOnly.FromDateTime(expected.UtcDateTime).AddDays(3);
        var price = BlackScholes.Price(OptionRight.Call, 100, 100, YearFraction.ToExpiry(expected, expiry), 0, 0, 0.2);
        Assert.Equal(price, await GreeksPrice(text, expiry));
    }

    [Theory]
    [InlineData("", "--as-of must not be empty")]
    [InlineData(" ", "--as-of must not be empty")]
    [InlineData("2026-03-08T02:30:00", "does not exist in New York time")]
    [InlineData("next tuesday", "--as-of must be an ISO-8601 date or instant such as 2026-11-24T15:30:00Z (got 'next tuesday')")]
    public async Task Blank_gap_and_garbage_as_of_exit_with_2_in_every_command(string text, string message)
    {
        var chain = Write("qqq.csv", "underlying_price,expiry,strike,type,open_interest,iv\n400,2027-12-17,400,C,100,0.2\n");
        var input = Write("in.csv", "type,strike,spot,t_years,iv\nC,100,100,0.5,0.2\n");
        string[][] commands =
        [
            ["analyze", "SPY", "--ledger", Path.Combine(_dir, "ledger.jsonl"), "--as-of", text],
            ["gex", "--chain", chain, "--as-of", text],
            ["greeks", "--in", input, "--out", Path.Combine(_dir, "out.csv"), "--as-of", text],
        ];
        foreach (var args in commands)
        {
            var (code, _, stderr) = await CliRunner.RunAsync(args);
            Assert.True(code == 2, $"{args[0]}: {code} {stderr}");
            Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
            Assert.Contains(message, stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_as_of_option_states_the_rule_in_its_help()
    {
        var root = GnosisCli.BuildRoot(CliContext.ForWriters(TextWriter.Null, TextWriter.Null, TimeProvider.System));
        var withAsOf = root.Subcommands.Where(c => c.Options.Any(o => o.Name == "--as-of")).ToList();

        Assert.Equal(["analyze", "gex", "greeks"], withAsOf.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(withAsOf, c => Assert.Contains(AsOfText.HelpRule, c.Options.Single(o => o.Name == "--as-of").Description, StringComparison.Ordinal));
    }
}
