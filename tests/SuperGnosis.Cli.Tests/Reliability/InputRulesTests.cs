using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SuperGnosis.Cli.Commands;
using SuperGnosis.Cli.Composition;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;
using SuperGnosis.Hosting.Storage;

namespace SuperGnosis.Cli.Tests.Reliability;

/// <summary>
/// The input rules of issue 14, a test per class: option values, duplicate columns and keys, the chain's symbol and rows
/// lost, non-finite and implausible values, extreme values, plain text headlines, impossible training requests, long
/// work, ledger paths and messages.
/// </summary>
public sealed class InputRulesTests : IDisposable
{
    private readonly Fixtures _files = new();

    public void Dispose() => _files.Dispose();

    private static void AssertPlainError(int code, string err, string expected)
    {
        Assert.True(code == 2, $"exit {code}: {err}");
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", err, StringComparison.Ordinal);
        Assert.Contains(expected, err, StringComparison.Ordinal);
    }

    private string[] Greeks(params string[] options) =>
        ["greeks", "--in", _files.Write("in.csv", Fixtures.GreeksCsv()), "--out", _files.PathOf("out.csv"), .. options];

    private string[] Gex(params string[] options) =>
        ["gex", "--chain", _files.Write("chain.csv", Fixtures.ChainCsv()), "--as-of", Fixtures.AsOfText, "--json", .. options];

    // ---- Option values: invariant numbers, no thousands separators, one shared range check ----

    public static TheoryData<string, string, string> BadNumbers() => new()
    {
        { "--rate", "0,1", "--rate must be a plain number" },
        { "--div", "1,000", "--div must be a plain number" },
        { "--rate", "NaN", "--rate must be a plain number" },
        { "--rate", "1e400", "--rate must be a plain number" },
        { "--rate", "5", "--rate must be a finite annual rate between -1 and 1" },
        { "--div", "-2", "--div must be a finite annual yield between -1 and 1" },
    };

    [Theory]
    [MemberData(nameof(BadNumbers))]
    public async Task Greeks_and_gex_reject_the_same_bad_number_with_the_same_message(string option, string value, string message)
    {
        var greeks = await CliRunner.RunAsync(Greeks(option, value));
        var gex = await CliRunner.RunAsync(Gex(option, value));

        AssertPlainError(greeks.Code, greeks.Err, message);
        AssertPlainError(gex.Code, gex.Err, message);
        Assert.Equal(greeks.Err.Split('\n')[0], gex.Err.Split('\n')[0]);
        Assert.False(File.Exists(_files.PathOf("out.csv")));
    }

    [Theory]
    [InlineData("1,0", "--multiplier must be a plain number")]
    [InlineData("1e308", "--multiplier must be a number > 0 and at most 1000000")]
    [InlineData("0", "--multiplier must be a number > 0 and at most 1000000")]
    public async Task Gex_rejects_a_locale_or_out_of_range_multiplier(string value, string message)
    {
        var (code, _, err) = await CliRunner.RunAsync(Gex("--multiplier", value));
        AssertPlainError(code, err, message);
    }

    [Theory]
    [InlineData("0.05", 0.05)]
    [InlineData("-0.01", -0.01)]
    [InlineData("5e-2", 0.05)]
    public void Numbers_are_read_invariantly(string text, double expected)
    {
        Assert.True(CommonOptions.TryParseNumber(text, out var value));
        Assert.Equal(expected, value);
    }

    public static TheoryData<string[]> EmptyAsOf() => new()
    {
        { new[] { "greeks", "--in", "x.csv", "--out", "y.csv", "--as-of", "" } },
        { new[] { "gex", "--chain", "x.csv", "--as-of", "" } },
        { new[] { "analyze", "SPY", "--as-of", "" } },
    };

    [Theory]
    [MemberData(nameof(EmptyAsOf))]
    public async Task An_empty_as_of_is_an_error_not_now(string[] args)
    {
        var (code, _, err) = await CliRunner.RunAsync(args);
        AssertPlainError(code, err, "--as-of must not be empty");
    }

    // ---- Duplicate columns and keys: every reader refuses them ----

    public static TheoryData<string, string, string, string> Duplicates() => new()
    {
        { "gex", "chain.csv", "symbol,underlying_price,expiry,strike,type,open_interest,strike\nSPY,100,2024-06-21,100,C,10,105\n", "the column 'strike' twice" },
        { "gex", "chain.json", Fixtures.CboeJson.Replace("\"bid\": 30.1,", "\"bid\": 30.1, \"bid\": 31,", StringComparison.Ordinal), "entry 1's \"bid\" twice" },
        { "gex", "chain.json", Fixtures.CboeJson.Replace("\"current_price\": 4697.24,", "\"current_price\": 4697.24, \"current_price\": 1,", StringComparison.Ordinal), "data.current_price twice" },
        { "indicators", "bars.csv", "date,open,high,low,close,volume,close\n2024-01-02,1,2,1,1.5,10,1.9\n", "the column 'close' appears twice" },
        { "greeks", "in.csv", "type,strike,spot,t_years,iv,IV\nC,100,100,1,0.2,0.3\n", "duplicate column 'IV'" },
        { "sentiment", "headlines.csv", "text,source,text\nStocks rally,wire,Stocks fall\n", "the column 'text' twice" },
        { "train-sentiment", "train.csv", "text,label,label\nStocks rally,1,0\n", "the column 'label' twice" },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public async Task A_column_or_key_given_twice_is_refused_by_every_reader(string command, string name, string contents, string message)
    {
        var input = _files.Write(name, contents);
        string[] args = command switch
        {
            "gex" => ["gex", "--chain", input, "--as-of", Fixtures.AsOfText],
            "indicators" => ["indicators", "--bars", input, "--out", _files.PathOf("out.csv")],
            "greeks" => ["greeks", "--in", input, "--out", _files.PathOf("out.csv")],
            "sentiment" => ["sentiment", "--headlines", input],
            _ => ["train-sentiment", "--data", input, "--ngram-only", "--out", _files.PathOf("model.bin")],
        };

        var (code, _, err) = await CliRunner.RunAsync(args);

        AssertPlainError(code, err, message);
    }

    // ---- The chain's symbol is the majority's (or --symbol); a chain that loses most rows is an error ----

    /// <summary>The fixture chain CSV with line <paramref name="line"/>'s (1-based, header = 1) cell of <paramref name="column"/> replaced.</summary>
    private static string WithCell(string csv, int line, string column, string value)
    {
        var lines = csv.Split('\n');
        var index = Array.IndexOf(lines[0].Split(','), column);
        var cells = lines[line - 1].Split(',');
        cells[index] = value;
        lines[line - 1] = string.Join(',', cells);
        return string.Join('\n', lines);
    }

    private static JsonElement Metadata(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("engine_output").GetProperty("metadata");

    [Fact]
    public async Task A_typo_in_the_first_rows_symbol_drops_that_row_only()
    {
        var chain = _files.Write("chain.csv", WithCell(Fixtures.ChainCsv(60), 2, "symbol", "SPYY"));

        var (code, stdout, err) = await CliRunner.RunAsync("gex", "--chain", chain, "--as-of", Fixtures.AsOfText, "--json");

        Assert.True(code == 0, err);
        Assert.Contains("skipped 1 row(s): line 2: symbol 'SPYY' differs from the chain's 'SPY'", err, StringComparison.Ordinal);
        var json = JsonDocument.Parse(stdout).RootElement.GetProperty("engine_output");
        Assert.Equal("SPY", json.GetProperty("symbol").GetString());
        Assert.Equal("59", json.GetProperty("metadata").GetProperty("rows_in").GetString());
    }

    [Fact]
    public async Task A_symbol_option_naming_none_of_the_rows_loses_every_row_and_is_an_error()
    {
        var (code, _, err) = await CliRunner.RunAsync(Gex("--symbol", "QQQ"));
        AssertPlainError(code, err, "60 of 60 rows could not be used");
    }

    [Fact]
    public async Task A_chain_that_loses_most_of_its_rows_is_an_error()
    {
        var csv = Fixtures.ChainCsv(10);
        for (var line = 2; line <= 7; line++)
        {
            csv = WithCell(csv, line, "type", "X");
        }
        var (code, _, err) = await CliRunner.RunAsync("gex", "--chain", _files.Write("chain.csv", csv), "--as-of", Fixtures.AsOfText);
        AssertPlainError(code, err, "6 of 10 rows could not be used (more than half");
    }

    [Fact]
    public async Task A_header_only_chain_says_so()
    {
        var header = Fixtures.ChainCsv().Split('\n')[0] + "\n";
        var (code, _, err) = await CliRunner.RunAsync("gex", "--chain", _files.Write("chain.csv", header), "--as-of", Fixtures.AsOfText);
        AssertPlainError(code, err, "the file has a header but no option rows");
    }

    // ---- Non-finite outputs are failed rows; implausible inputs are flagged ----

    [Fact]
    public async Task Greeks_rows_whose_results_overflow_fail_and_iv_in_percent_is_flagged()
    {
        var input = _files.Write("in.csv", "type,strike,spot,t_years,iv\nC,1e300,1e300,1,0.2\nC,100,100,1,50\nC,100,100,1,0.5\n");
        var output = _files.PathOf("out.csv");

        var (code, _, err) = await CliRunner.RunAsync("greeks", "--in", input, "--out", output);

        Assert.True(code == 0, err);
        var rows = (await File.ReadAllLinesAsync(output)).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["non_finite_result", "iv_looks_like_percent", "ok"], rows.Select(r => r[^1]));
        Assert.All(rows[2][4..^1], cell => Assert.True(double.IsFinite(double.Parse(cell, CultureInfo.InvariantCulture)), cell));
    }

    [Fact]
    public async Task Gex_flags_iv_given_in_percent_and_does_not_use_those_rows()
    {
        var csv = WithCell(WithCell(Fixtures.ChainCsv(60), 3, "iv", "25"), 4, "iv", "31.5");

        var (code, stdout, err) = await CliRunner.RunAsync("gex", "--chain", _files.Write("chain.csv", csv), "--as-of", Fixtures.AsOfText, "--json");

        Assert.True(code == 0, err);
        Assert.Contains("2 row(s) give an iv above 5", err, StringComparison.Ordinal);
        var metadata = Metadata(stdout);
        Assert.Equal("2", metadata.GetProperty(GexCommand.ImplausibleIvPercentRowsKey).GetString());
        Assert.Equal("58", metadata.GetProperty("rows_in").GetString());
    }

    [Fact]
    public async Task Gex_flags_spots_that_disagree_across_the_rows()
    {
        var csv = Fixtures.ChainCsv(60);
        var spot = double.Parse(csv.Split('\n')[1].Split(',')[1], CultureInfo.InvariantCulture);
        csv = WithCell(csv, 2, "underlying_price", (spot * 1.2).ToString("R", CultureInfo.InvariantCulture));

        var (code, stdout, err) = await CliRunner.RunAsync("gex", "--chain", _files.Write("chain.csv", csv), "--as-of", Fixtures.AsOfText, "--json");

        Assert.True(code == 0, err);
        Assert.Contains("underlying_price differ by 20.0%", err, StringComparison.Ordinal);
        Assert.Equal(0.2, double.Parse(Metadata(stdout).GetProperty(GexCommand.SpotInconsistentKey).GetString()!, CultureInfo.InvariantCulture), 9);
    }

    [Fact]
    public async Task Valid_chains_carry_no_flags()
    {
        var (code, stdout, err) = await CliRunner.RunAsync(Gex());
        Assert.True(code == 0, err);
        Assert.Equal("", err);
        Assert.False(Metadata(stdout).TryGetProperty(GexCommand.ImplausibleIvPercentRowsKey, out _));
        Assert.False(Metadata(stdout).TryGetProperty(GexCommand.SpotInconsistentKey, out _));
    }

    [Fact]
    public async Task Indicators_refuses_an_implausible_bar_instead_of_writing_infinities()
    {
        var lines = Fixtures.BarsCsv(80).Split('\n');
        lines[40] = "2023-02-10,1e308,1e308,1e308,1e308,100";
        var (code, _, err) = await CliRunner.RunAsync("indicators", "--bars", _files.Write("bars.csv", string.Join('\n', lines)), "--out", _files.PathOf("out.csv"));
        AssertPlainError(code, err, "line 41: implausible bar");
        Assert.False(File.Exists(_files.PathOf("out.csv")));
    }

    // ---- Extreme values: dropped and counted, never a crash ----

    [Fact]
    public async Task Extreme_open_interest_and_iv_are_dropped_and_counted_not_a_crash()
    {
        var csv = WithCell(WithCell(Fixtures.ChainCsv(60), 5, "open_interest", "1e308"), 6, "iv", "1e308");

        var (code, stdout, err) = await CliRunner.RunAsync("gex", "--chain", _files.Write("chain.csv", csv), "--as-of", Fixtures.AsOfText, "--json", "--greeks", "recompute");

        Assert.True(code == 0, err);
        var metadata = Metadata(stdout);
        Assert.Equal("1", metadata.GetProperty("dropped_non_finite").GetString());
        Assert.Equal("1", metadata.GetProperty(GexCommand.ImplausibleIvPercentRowsKey).GetString());
        foreach (var feature in JsonDocument.Parse(stdout).RootElement.GetProperty("engine_output").GetProperty("features").EnumerateObject())
        {
            Assert.True(feature.Value.ValueKind == JsonValueKind.Number && double.IsFinite(feature.Value.GetDouble()), feature.Name);
        }
    }

    // ---- Plain text headlines ----

    [Fact]
    public async Task A_plain_text_file_with_a_quote_in_its_first_line_is_read_as_text()
    {
        var input = _files.Write("news.txt", "Analyst says \"buy\" as shares jump\nMarkets \"rally\n\nFed holds rates\n");
        var output = _files.PathOf("scores.csv");

        var (code, _, err) = await CliRunner.RunAsync("sentiment", "--headlines", input, "--out", output);

        Assert.True(code == 0, err);
        var rows = (await File.ReadAllLinesAsync(output)).Skip(1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("\"Analyst says \"\"buy\"\" as shares jump\",", rows[0], StringComparison.Ordinal);
    }

    // ---- Impossible training requests are refused before any work ----

    public static TheoryData<string, string[], string> ImpossibleTraining() => new()
    {
        { Fixtures.LabelledHeadlines(60), ["--cv", "1000"], "--cv 1000 folds is more than the 20" },
        { ThreeClasses(15), ["--cv", "18"], "--cv 18 folds is more than the 15 usable training headlines" },
        { "text,label\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"shares fall at firm{i},negative\n")), [], "one class only (negative)" },
        { "text,label\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{(i % 2 == 0 ? "🚀🚀" : "📉 !!")},{i % 3}\n")), [], "only 0 of 30 training headlines keep any word" },
    };

    private static string ThreeClasses(int rows) =>
        "text,label\n" + string.Concat(Enumerable.Range(0, rows).Select(i => (i % 3) switch
        {
            0 => $"profits soar at firm{i},positive\n",
            1 => $"shares plunge at firm{i},negative\n",
            _ => $"firm{i} schedules meeting,neutral\n",
        }));

    [Theory]
    [MemberData(nameof(ImpossibleTraining))]
    public async Task Train_sentiment_refuses_what_cannot_work_before_training(string data, string[] options, string message)
    {
        var model = _files.PathOf("model.bin");
        var clock = Stopwatch.StartNew();

        var (code, _, err) = await CliRunner.RunAsync(["train-sentiment", "--data", _files.Write("train.csv", data), "--ngram-only", "--out", model, .. options]);

        AssertPlainError(code, err, message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.False(File.Exists(model));
    }

    // ---- Long work: streamed, and a progress bar only on a terminal ----

    [Fact]
    public async Task Sentiment_on_many_headlines_stays_quiet_when_output_is_not_a_terminal()
    {
        var many = string.Concat(Enumerable.Range(0, SentimentCommand.ProgressThreshold + 10).Select(i => $"Shares of firm {i} rise after upgrade\n"));
        var output = _files.PathOf("scores.csv");

        var (code, stdout, err) = await CliRunner.RunAsync("sentiment", "--headlines", _files.Write("many.txt", many), "--out", output);

        Assert.True(code == 0, err);
        Assert.Equal($"scored {SentimentCommand.ProgressThreshold + 10} headlines into {output}\n", stdout.ReplaceLineEndings("\n"));
        Assert.Equal("", err);
    }

    [Fact]
    public async Task Indicators_streams_a_long_table_with_every_row_and_only_finite_cells()
    {
        var output = _files.PathOf("out.csv");
        var (code, _, err) = await CliRunner.RunAsync("indicators", "--bars", _files.Write("bars.csv", Fixtures.BarsCsv(3000)), "--out", output);

        Assert.True(code == 0, err);
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(3001, lines.Length);
        Assert.True(new FileInfo(output).Length > 1 << 17, "the table spans several write chunks");
        Assert.All(lines.Skip(1).SelectMany(l => l.Split(',').Skip(1)).Where(c => c.Length > 0),
            cell => Assert.True(double.IsFinite(double.Parse(cell, CultureInfo.InvariantCulture)), cell));
        Assert.StartsWith(new DateOnly(2023, 1, 2).AddDays(2999).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ",", lines[^1], StringComparison.Ordinal);
    }

    // ---- Ledger paths are checked up front; a late failure keeps the result ----

    [Fact]
    public async Task Analyze_refuses_a_ledger_that_is_a_directory_or_under_a_file_before_running()
    {
        Directory.CreateDirectory(_files.PathOf("ledger-folder"));
        var file = _files.Write("plain.txt", "x");

        var folder = await CliRunner.RunAsync("analyze", "SPY", "--as-of", "2026-11-24T15:30:00Z", "--ledger", _files.PathOf("ledger-folder"));
        var underFile = await CliRunner.RunAsync("analyze", "SPY", "--as-of", "2026-11-24T15:30:00Z", "--ledger", Path.Combine(file, "ledger.jsonl"));

        AssertPlainError(folder.Code, folder.Err, "is a directory");
        Assert.Equal("", folder.Out);
        AssertPlainError(underFile.Code, underFile.Err, "is a file, not a folder");
    }

    private sealed class FullDiskLedger : ILedgerStore
    {
        public Task<bool> AppendAsync(LedgerRecord record, CancellationToken cancellationToken) => throw new IOException("No space left on device");

        public Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken) => Task.FromResult(new LedgerReadResult([], []));
    }

    [Fact]
    public async Task A_late_ledger_failure_is_kept_for_the_report_instead_of_failing_the_run()
    {
        var guarded = new GuardedLedgerStore(new FullDiskLedger());

        var appended = await guarded.AppendAsync(null!, CancellationToken.None);

        Assert.False(appended);
        Assert.Equal("No space left on device", guarded.AppendFailure);
    }

    [Fact]
    public async Task The_cli_composition_guards_its_ledger()
    {
        await using var services = CliServices.Build(CliServices.AnalyzeSettings(7, _files.PathOf("ledger.jsonl")), includeEnvironment: false);
        var selection = (LedgerSelection)services.GetService(typeof(LedgerSelection))!;
        Assert.IsType<GuardedLedgerStore>(selection.Store);
        Assert.Equal(_files.PathOf("ledger.jsonl"), selection.Location);
    }

    // ---- Messages name the real problem ----

    [Fact]
    public async Task A_directory_given_as_input_is_named_as_such()
    {
        var dir = _files.PathOf("folder");
        Directory.CreateDirectory(dir);
        var (code, _, err) = await CliRunner.RunAsync("greeks", "--in", dir, "--out", _files.PathOf("out.csv"));
        AssertPlainError(code, err, $"--in '{dir}' is a directory, not a file");
    }

    [Fact]
    public async Task A_short_bar_row_is_named_with_its_line()
    {
        var (code, _, err) = await CliRunner.RunAsync("indicators", "--bars", _files.Write("bars.csv", "date,open,high,low,close,volume\n2024-01-02,1,2\n"), "--out", _files.PathOf("o.csv"));
        AssertPlainError(code, err, "bars.csv line 2: expected 6 cells, got 3");
    }

    [Fact]
    public async Task A_model_file_that_is_not_a_model_is_named_as_such()
    {
        var notModel = _files.Write("model.sgsm", Encoding.UTF8.GetBytes("SGSM"));
        var (code, _, err) = await CliRunner.RunAsync("sentiment", "--headlines", _files.Write("h.txt", Fixtures.Headlines), "--model", notModel);
        AssertPlainError(code, err, "model.sgsm is not a sentiment model written by 'gnosis train-sentiment'");
    }
}
