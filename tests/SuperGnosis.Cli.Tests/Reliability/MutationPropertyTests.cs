using System.Globalization;
using System.Text;
using System.Text.Json;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Cli.Tests.Reliability;

/// <summary>
/// Property: random mutations (seeded, deterministic) of real fixture files, fed to every reader through its command,
/// never escape as an unhandled exception, end with exit code 0 or 2, never put a non-finite number in an ok row, and
/// leave the input file byte for byte as it was.
/// </summary>
public sealed class MutationPropertyTests : IDisposable
{
    private const int Iterations = 25;
    private readonly Fixtures _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Text that readers find hard: separators, quotes, line ends, extreme and locale-looking numbers.</summary>
    private static readonly string[] Fragments =
    [
        ",", "\"", "\n", "\r\n", "{", "}", "[", "]", ":", " ", "", "-", ".", "e", "x", "\0", "\uFEFF", "🚀",
        "1e308", "-1e308", "NaN", "Infinity", "0,1", "1,000", "99999999999999999999", "1e-320", "0", "-1",
        "2024-02-30", "SPX", "C", "P", "null", "true", "\"bid\": 1,",
    ];

    /// <summary>One to three edits: a fragment inserted or replacing a span, a span deleted, a line duplicated or dropped,
    /// the header's first name repeated, or the file cut short.</summary>
    private static string Mutate(string text, DeterministicRandom random)
    {
        var edits = 1 + random.NextInt(3);
        for (var e = 0; e < edits; e++)
        {
            var at = text.Length == 0 ? 0 : random.NextInt(text.Length + 1);
            var span = Math.Min(text.Length - at, random.NextInt(12));
            switch (random.NextInt(7))
            {
                case 0:
                    text = text.Insert(at, Fragments[random.NextInt(Fragments.Length)]);
                    break;
                case 1:
                    text = text.Remove(at, span).Insert(at, Fragments[random.NextInt(Fragments.Length)]);
                    break;
                case 2:
                    text = text.Remove(at, span);
                    break;
                case 3 or 4:
                {
                    var lines = text.Split('\n').ToList();
                    var line = random.NextInt(lines.Count);
                    if (random.NextInt(2) == 0)
                    {
                        lines.Insert(line, lines[line]);
                    }
                    else
                    {
                        lines.RemoveAt(line);
                    }
                    text = string.Join('\n', lines);
                    break;
                }
                case 5:
                {
                    var end = text.IndexOf('\n', StringComparison.Ordinal);
                    var first = text.Split([',', '\n'])[0];
                    text = end < 0 ? text : text.Insert(end, "," + first);
                    break;
                }
                default:
                    text = text[..at];
                    break;
            }
        }
        return text;
    }

    /// <summary>Binary edits for Parquet: bytes overwritten, a range zeroed, or the file cut short.</summary>
    private static byte[] Mutate(byte[] bytes, DeterministicRandom random)
    {
        var copy = (byte[])bytes.Clone();
        switch (random.NextInt(3))
        {
            case 0:
                for (var i = 0; i < 1 + random.NextInt(8); i++)
                {
                    copy[random.NextInt(copy.Length)] = (byte)random.NextInt(256);
                }
                return copy;
            case 1:
                var at = random.NextInt(copy.Length);
                Array.Clear(copy, at, Math.Min(copy.Length - at, 1 + random.NextInt(64)));
                return copy;
            default:
                return copy[..random.NextInt(copy.Length)];
        }
    }

    private static bool Finite(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);

    /// <summary>Runs the command on the mutated input and checks the invariants every command shares; returns stdout and the exit code.</summary>
    private async Task<(int Code, string Out)> RunChecked(string input, string[] args, string what)
    {
        var before = await File.ReadAllBytesAsync(input);
        (int Code, string Out, string Err) result;
        try
        {
            result = await CliRunner.RunAsync(args);
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{what}: unhandled {ex.GetType().Name}: {ex.Message}");
        }
        Assert.True(result.Code is 0 or 2, $"{what}: exit {result.Code}: {result.Err}");
        Assert.DoesNotContain("Exception", result.Err, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(input));
        return (result.Code, result.Out);
    }

    [Fact]
    public async Task Gex_on_mutated_csv_cboe_and_parquet_chains()
    {
        var csv = Fixtures.ChainCsv(40);
        var parquet = Fixtures.ChainParquet(40);
        for (var i = 0; i < Iterations; i++)
        {
            foreach (var (name, bytes) in new[]
            {
                ("chain.csv", Encoding.UTF8.GetBytes(Mutate(csv, DeterministicRandom.For("issue-14", "gex-csv", i)))),
                ("chain.json", Encoding.UTF8.GetBytes(Mutate(Fixtures.CboeJson, DeterministicRandom.For("issue-14", "gex-cboe", i)))),
                ("chain.parquet", Mutate(parquet, DeterministicRandom.For("issue-14", "gex-parquet", i))),
            })
            {
                var input = _files.Write(name, bytes);
                var (code, stdout) = await RunChecked(input, ["gex", "--chain", input, "--as-of", Fixtures.AsOfText, "--json"], $"gex {name} #{i}");
                if (code == 0)
                {
                    var output = JsonDocument.Parse(stdout).RootElement.GetProperty("engine_output");
                    Assert.True(double.IsFinite(output.GetProperty("confidence").GetDouble()));
                    foreach (var feature in output.GetProperty("features").EnumerateObject())
                    {
                        Assert.True(feature.Value.ValueKind == JsonValueKind.Number && double.IsFinite(feature.Value.GetDouble()), $"gex {name} #{i}: {feature.Name}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Greeks_on_mutated_option_rows()
    {
        var fixture = Fixtures.GreeksCsv(30);
        var output = _files.PathOf("out.csv");
        for (var i = 0; i < Iterations * 2; i++)
        {
            var input = _files.Write("in.csv", Mutate(fixture, DeterministicRandom.For("issue-14", "greeks", i)));
            var (code, _) = await RunChecked(input, ["greeks", "--in", input, "--out", output], $"greeks #{i}");
            if (code != 0)
            {
                continue;
            }
            var lines = (await File.ReadAllTextAsync(output)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = lines[0].Split(',');
            var computed = new[] { "iv", "price", "delta", "gamma", "vega", "theta", "rho", "vanna", "charm", "vomma" }
                .Select(c => Array.IndexOf(header, c)).ToArray();
            foreach (var line in lines.Skip(1).Where(l => l.EndsWith(",ok", StringComparison.Ordinal)))
            {
                var cells = line.Split(',');
                Assert.All(computed, c => Assert.True(Finite(cells[c]), $"greeks #{i}: '{line}'"));
            }
        }
    }

    [Fact]
    public async Task Indicators_on_mutated_bars()
    {
        var fixture = Fixtures.BarsCsv(60);
        var output = _files.PathOf("out.csv");
        for (var i = 0; i < Iterations * 2; i++)
        {
            var input = _files.Write("bars.csv", Mutate(fixture, DeterministicRandom.For("issue-14", "indicators", i)));
            var (code, _) = await RunChecked(input, ["indicators", "--bars", input, "--out", output], $"indicators #{i}");
            if (code == 0)
            {
                var cells = (await File.ReadAllLinesAsync(output)).Skip(1).SelectMany(l => l.Split(',').Skip(1)).Where(c => c.Length > 0);
                Assert.All(cells, cell => Assert.True(Finite(cell), $"indicators #{i}: {cell}"));
            }
        }
    }

    [Fact]
    public async Task Sentiment_and_training_on_mutated_headlines()
    {
        var headlines = Fixtures.LabelledHeadlines(40);
        var output = _files.PathOf("scores.csv");
        for (var i = 0; i < Iterations; i++)
        {
            var input = _files.Write("headlines.csv", Mutate(headlines, DeterministicRandom.For("issue-14", "sentiment", i)));
            var (code, _) = await RunChecked(input, ["sentiment", "--headlines", input, "--out", output], $"sentiment #{i}");
            if (code == 0)
            {
                foreach (var line in (await File.ReadAllLinesAsync(output)).Skip(1).Where(l => l.Length > 0))
                {
                    var cells = line.Split(',');
                    Assert.True(Finite(cells[^1]) && Finite(cells[^2]), $"sentiment #{i}: {line}");
                }
            }
        }
        for (var i = 0; i < Iterations / 3; i++)
        {
            var input = _files.Write("train.csv", Mutate(headlines, DeterministicRandom.For("issue-14", "train", i)));
            await RunChecked(input, ["train-sentiment", "--data", input, "--ngram-only", "--out", _files.PathOf("model.sgsm")], $"train-sentiment #{i}");
        }
    }
}
