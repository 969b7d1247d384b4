using System.Globalization;
using System.Text;
using SuperGnosis.Core.Indicators;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Cli.Tests.Commands;

public sealed class IndicatorsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-indicators-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Bar[] SampleBars(int count)
    {
        var bars = new Bar[count];
        var close = 100.0;
        for (var i = 0; i < count; i++)
        {
            var open = close * (1 + 0.004 * Math.Sin(i * 1.3));
            close = open * (1 + 0.01 * Math.Sin(i * 0.7 + 0.3));
            var high = Math.Max(open, close) * 1.006;
            var low = Math.Min(open, close) * 0.993;
            bars[i] = new Bar(new DateTimeOffset(2023, 1, 2, 0, 0, 0, TimeSpan.Zero).AddDays(i), open, high, low, close, 1e6 + i);
        }
        return bars;
    }

    private string WriteBars(Bar[] bars)
    {
        var sb = new StringBuilder("date,open,high,low,close,volume\n");
        foreach (var b in bars)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{b.Timestamp:yyyy-MM-dd},{b.Open:R},{b.High:R},{b.Low:R},{b.Close:R},{b.Volume:R}\n");
        }
        var path = Path.Combine(_dir, "bars.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GnosisCli.RunAsync(args, CliContext.ForWriters(output, error, TimeProvider.System));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Writes_one_row_per_bar_with_empty_warm_up_cells_and_the_indicator_values()
    {
        var bars = SampleBars(60);
        var input = WriteBars(bars);
        var outPath = Path.Combine(_dir, "out.csv");

        var (code, stdout, _) = await Run("indicators", "--bars", input, "--out", outPath);

        Assert.Equal(0, code);
        Assert.Contains("wrote 60 rows", stdout);
        var lines = File.ReadAllLines(outPath);
        Assert.Equal(61, lines.Length);
        Assert.Equal(
            "date,sma20,ema20,rsi14,atr14,bb_mid,bb_upper,bb_lower,bb_pct_b,bb_width,kc_upper,kc_mid,kc_lower,macd,macd_signal,macd_hist,rv_cc20,rv_parkinson20,rv_gk20,rv_rs20,rv_yz20",
            lines[0]);
        Assert.Equal("2023-01-02" + new string(',', 20), lines[1]);

        var table = IndicatorTable.Compute(bars);
        var header = lines[0].Split(',');
        for (var row = 0; row < bars.Length; row++)
        {
            var cells = lines[row + 1].Split(',');
            Assert.Equal(21, cells.Length);
            for (var c = 1; c < header.Length; c++)
            {
                var expected = table.Column(header[c])[row];
                if (expected is null)
                {
                    Assert.Equal(string.Empty, cells[c]);
                }
                else
                {
                    Assert.Equal(expected.Value, double.Parse(cells[c], CultureInfo.InvariantCulture));
                }
            }
        }
        // rsi14 starts on the 15th bar, macd_signal on the 34th
        Assert.Equal(string.Empty, lines[14].Split(',')[3]);
        Assert.NotEqual(string.Empty, lines[15].Split(',')[3]);
        Assert.Equal(string.Empty, lines[33].Split(',')[14]);
        Assert.NotEqual(string.Empty, lines[34].Split(',')[14]);
    }

    [Fact]
    public async Task Missing_column_is_a_usage_error()
    {
        var input = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(input, "date,open,high,low,close\n2024-01-02,1,2,0.5,1.5\n");
        var (code, _, err) = await Run("indicators", "--bars", input, "--out", Path.Combine(_dir, "o.csv"));
        Assert.Equal(2, code);
        Assert.Contains("missing column(s) volume", err);
    }

    [Theory]
    [InlineData("2024-01-02,1,2,0.5,abc,10\n", "close 'abc' is not a finite number")]
    [InlineData("2024-01-02,1,2,3,1.5,10\n", "inconsistent bar")]
    [InlineData("2024-01-03,1,2,0.5,1.5,10\n2024-01-02,1,2,0.5,1.5,10\n", "strictly ascending")]
    [InlineData("", "no bars after the header")]
    public async Task Bad_rows_are_usage_errors_naming_the_problem(string rows, string message)
    {
        var input = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(input, "date,open,high,low,close,volume\n" + rows);
        var (code, _, err) = await Run("indicators", "--bars", input, "--out", Path.Combine(_dir, "o.csv"));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(File.Exists(Path.Combine(_dir, "o.csv")));
    }

    [Fact]
    public async Task Missing_file_and_missing_option_exit_with_2()
    {
        Assert.Equal(2, (await Run("indicators", "--bars", Path.Combine(_dir, "none.csv"), "--out", Path.Combine(_dir, "o.csv"))).Code);
        Assert.Equal(2, (await Run("indicators", "--bars", WriteBars(SampleBars(3)))).Code);
    }
}
