using System.Globalization;
using SuperGnosis.Cli;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Cli.Tests.Commands;

public sealed class GreeksCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-greeks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Code, string Out, string Err, List<Dictionary<string, string>> Rows, string[] Header)> Run(string csv, params string[] extra)
    {
        var inPath = Path.Combine(_dir, "in.csv");
        var outPath = Path.Combine(_dir, "out.csv");
        await File.WriteAllTextAsync(inPath, csv);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await GnosisCli.RunAsync(["greeks", "--in", inPath, "--out", outPath, .. extra], CliContext.ForWriters(output, error, TimeProvider.System));
        var rows = new List<Dictionary<string, string>>();
        string[] header = [];
        if (code == 0)
        {
            var lines = ParseCsv(await File.ReadAllTextAsync(outPath));
            header = lines[0];
            rows.AddRange(lines.Skip(1).Select(l => header.Zip(l).ToDictionary(p => p.First, p => p.Second)));
        }
        return (code, output.ToString(), error.ToString(), rows, header);
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public async Task European_prices_solve_iv_and_write_all_greeks_with_extra_columns_passed_through()
    {
        var price = BlackScholes.Price(OptionRight.Call, 100, 105, 0.25, 0.03, 0.01, 0.22);
        var csv = "symbol,type,strike,spot,t_years,price\n" +
                  $"\"SPY, weekly\",C,105,100,0.25,{price.ToString("R", CultureInfo.InvariantCulture)}\n" +
                  "QQQ,P,95,100,0.5,2.5\n";
        var (code, stdout, _, rows, header) = await Run(csv, "--rate", "0.03", "--div", "0.01");
        Assert.Equal(0, code);
        Assert.Contains("2 rows (2 ok", stdout, StringComparison.Ordinal);
        Assert.Equal(
            ["symbol", "type", "strike", "spot", "t_years", "price", "iv", "delta", "gamma", "vega", "theta", "rho", "vanna", "charm", "vomma",
             "vega_per_pct", "theta_per_day", "charm_per_day", "status"],
            header);
        var row = rows[0];
        Assert.Equal("SPY, weekly", row["symbol"]);
        Assert.Equal("ok", row["status"]);
        Assert.Equal(0.22, D(row["iv"]), 12);
        var g = BlackScholes.Greeks(OptionRight.Call, 100, 105, 0.25, 0.03, 0.01, 0.22);
        Assert.Equal(g.Delta, D(row["delta"]), 10);
        Assert.Equal(g.Gamma, D(row["gamma"]), 10);
        Assert.Equal(g.Vega, D(row["vega"]), 8);
        Assert.Equal(g.Theta, D(row["theta"]), 8);
        Assert.Equal(g.Rho, D(row["rho"]), 8);
        Assert.Equal(g.Vanna, D(row["vanna"]), 8);
        Assert.Equal(g.Charm, D(row["charm"]), 8);
        Assert.Equal(g.Vomma, D(row["vomma"]), 7);
        Assert.Equal(g.Vega / 100, D(row["vega_per_pct"]), 10);
        Assert.Equal(g.Theta / 365, D(row["theta_per_day"]), 10);
        Assert.Equal(g.Charm / 365, D(row["charm_per_day"]), 10);
        Assert.Equal("ok", rows[1]["status"]);
        Assert.True(D(rows[1]["delta"]) < 0);
    }

    [Fact]
    public async Task Expiry_with_as_of_uses_intraday_time_to_the_new_york_close()
    {
        // 10:00 New York on expiry day: 6 hours = 6/8760 years.
        var csv = "type,strike,spot,expiry,iv\nC,100,100,2025-06-20,0.2\n";
        var (code, _, _, rows, _) = await Run(csv, "--as-of", "2025-06-20T10:00:00");
        Assert.Equal(0, code);
        var expected = BlackScholes.Price(OptionRight.Call, 100, 100, 6.0 / 8760, 0, 0, 0.2);
        Assert.Equal(expected, D(rows[0]["price"]), 12);
        // The same instant given in UTC.
        var (_, _, _, utcRows, _) = await Run(csv, "--as-of", "2025-06-20T14:00:00Z");
        Assert.Equal(expected, D(utcRows[0]["price"]), 12);
    }

    [Fact]
    public async Task Bad_rows_get_nan_and_a_status_reason()
    {
        var csv = "type,strike,spot,t_years,price\n" +
                  "C,-5,100,0.5,3\n" +          // non-positive strike
                  "C,90,100,0.5,5\n" +          // below intrinsic (10)
                  "X,100,100,0.5,3\n" +         // bad type
                  "P,100,100,0,3\n" +           // no time left
                  "C,100,100,0.5,abc\n" +       // not a number
                  "C,100,100\n" +               // too few fields
                  "P,100,100,0.5,4\n";          // fine
        var (code, stdout, _, rows, _) = await Run(csv);
        Assert.Equal(0, code);
        Assert.Contains("7 rows (1 ok", stdout, StringComparison.Ordinal);
        Assert.Equal(
            ["non_positive_strike", "price_below_intrinsic", "bad_type", "non_positive_time", "bad_price", "wrong_field_count", "ok"],
            rows.Select(r => r["status"]));
        Assert.All(rows.Take(6), r => Assert.Equal("NaN", r["delta"]));
        // Input values survive in failed rows, also in a column the command computes (price).
        Assert.Equal("5", rows[1]["price"]);
        Assert.Equal("abc", rows[4]["price"]);
    }

    [Fact]
    public async Task American_style_inverts_american_prices()
    {
        var price = AmericanOption.Price(OptionRight.Put, 100, 110, 0.5, 0.05, 0, 0.3);
        var csv = $"type,strike,spot,t_years,price\nP,110,100,0.5,{price.ToString("R", CultureInfo.InvariantCulture)}\n";
        var (code, _, _, rows, _) = await Run(csv, "--rate", "0.05", "--style", "american");
        Assert.Equal(0, code);
        Assert.Equal("ok", rows[0]["status"]);
        Assert.Equal(0.3, D(rows[0]["iv"]), 8);
        // European IV of the same price would be higher: the early-exercise premium is priced in.
        Assert.True(ImpliedVolatility.European(OptionRight.Put, price, 100, 110, 0.5, 0.05, 0).Volatility > 0.3);
        Assert.InRange(D(rows[0]["delta"]), -1, 0);
    }

    [Theory]
    [InlineData("type,strike,t_years,price\nC,100,0.5,3\n", "missing column 'spot'")]
    [InlineData("type,strike,spot,price\nC,100,100,3\n", "t_years")]
    [InlineData("type,strike,spot,t_years\nC,100,100,0.5\n", "'price' or 'iv'")]
    [InlineData("type,strike,spot,expiry,iv\nC,100,100,2025-06-20,0.2\n", "--as-of")]
    [InlineData("", "empty")]
    [InlineData("type,strike,spot,t_years,price\n\"C,100,100,0.5,3\n", "unterminated")]
    public async Task Unusable_files_exit_with_code_2_and_a_message(string csv, string message)
    {
        var (code, _, err, _, _) = await Run(csv);
        Assert.Equal(2, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_input_file_and_bad_style_are_usage_errors()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var ctx = CliContext.ForWriters(output, error, TimeProvider.System);
        Assert.Equal(2, await GnosisCli.RunAsync(["greeks", "--in", Path.Combine(_dir, "nope.csv"), "--out", Path.Combine(_dir, "o.csv")], ctx));
        Assert.Contains("not found", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await GnosisCli.RunAsync(["greeks", "--in", "a.csv", "--out", "b.csv", "--style", "bermudan"], ctx));
    }

    /// <summary>Independent minimal CSV reader for the test (quoted fields may contain commas).</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var result = new List<string[]>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = new List<string>();
            var current = new System.Text.StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        current.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        current.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(current.ToString());
                    current.Clear();
                }
                else
                {
                    current.Append(c);
                }
            }
            fields.Add(current.ToString());
            result.Add([.. fields]);
        }
        return result;
    }
}
