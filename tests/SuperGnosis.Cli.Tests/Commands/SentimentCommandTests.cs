using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Cli;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Training;

namespace SuperGnosis.Cli.Tests.Commands;

public sealed class SentimentCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-sentiment-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GnosisCli.RunAsync(args, CliContext.ForWriters(output, error, TimeProvider.System));
        return (code, output.ToString(), error.ToString());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Text_file_is_scored_into_csv_with_labels_scores_and_confidences()
    {
        var input = Write("h.txt", "Apple shares jump after record iPhone sales\n\nFord cuts outlook as chip shortage bites\n");
        var outCsv = Path.Combine(_dir, "out.csv");
        var (code, _, err) = await Run("sentiment", "--headlines", input, "--out", outCsv);
        Assert.Equal(GnosisCli.Ok, code);
        Assert.Equal("", err);
        var lines = File.ReadAllLines(outCsv);
        Assert.Equal("text,label,score,confidence", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Apple shares jump after record iPhone sales,positive,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Ford cuts outlook as chip shortage bites,negative,-", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_with_text_column_is_read_and_commas_are_quoted_in_output()
    {
        var input = Write("h.csv", "id,text\n1,\"Shares soar, profit beats estimates\"\n");
        var outCsv = Path.Combine(_dir, "out.csv");
        var (code, _, _) = await Run("sentiment", "--headlines", input, "--out", outCsv);
        Assert.Equal(GnosisCli.Ok, code);
        var lines = File.ReadAllLines(outCsv);
        Assert.StartsWith("\"Shares soar, profit beats estimates\",positive,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hybrid_option_scores_with_the_embedding_head()
    {
        var input = Write("h.txt", "Nvidia raises revenue forecast on strong data center sales\nIntel shares tumble after weak revenue forecast\n");
        var outCsv = Path.Combine(_dir, "hybrid.csv");
        var (code, _, err) = await Run("sentiment", "--headlines", input, "--out", outCsv, "--hybrid");
        Assert.Equal(GnosisCli.Ok, code);
        Assert.Equal("", err);
        var lines = File.ReadAllLines(outCsv);
        Assert.Contains(",positive,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",negative,", lines[2], StringComparison.Ordinal);
        Assert.Equal(GnosisCli.BadArguments, (await Run("sentiment", "--headlines", input, "--head", Write("bad.sgmh", "junk"))).Code);
    }

    [Fact]
    public async Task Without_out_a_table_is_printed()
    {
        var input = Write("h.txt", "Fed holds rates steady\n");
        var (code, output, _) = await Run("sentiment", "--headlines", input);
        Assert.Equal(GnosisCli.Ok, code);
        Assert.Contains("confidence", output, StringComparison.Ordinal);
        Assert.Contains("Fed holds rates steady", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_or_empty_input_and_a_bad_model_are_usage_errors()
    {
        Assert.Equal(GnosisCli.BadArguments, (await Run("sentiment", "--headlines", Path.Combine(_dir, "none.txt"))).Code);
        var (code, _, err) = await Run("sentiment", "--headlines", Write("empty.txt", "\n  \n"));
        Assert.Equal(GnosisCli.BadArguments, code);
        Assert.Contains("no headlines", err, StringComparison.Ordinal);
        var bad = await Run("sentiment", "--headlines", Write("h.txt", "x up\n"), "--model", Write("bad.sgsm", "not a model"));
        Assert.Equal(GnosisCli.BadArguments, bad.Code);
    }

    /// <summary>30 labelled rows (10 per class) that differ only by firm name: a separable toy training set.</summary>
    private string WriteFirmTrainingCsv()
    {
        var rows = new List<string> { "text,label" };
        for (var i = 0; i < 10; i++)
        {
            rows.Add($"profits soar at firm{i},positive");
            rows.Add($"shares plunge at firm{i},negative");
            rows.Add($"firm{i} schedules meeting,2");
        }
        return Write("train.csv", string.Join('\n', rows));
    }

    [Fact]
    public async Task Train_sentiment_writes_a_model_that_sentiment_can_use_and_prints_metrics()
    {
        var data = WriteFirmTrainingCsv();
        var model = Path.Combine(_dir, "m.sgsm");
        var (code, output, err) = await Run("train-sentiment", "--data", data, "--valid", data, "--out", model);
        Assert.Equal(GnosisCli.Ok, code);
        Assert.Equal("", err);
        Assert.Contains("accuracy  1.0000", output, StringComparison.Ordinal);
        Assert.Contains("macro_f1  1.0000", output, StringComparison.Ordinal);
        Assert.Contains("confusion", output, StringComparison.Ordinal);
        Assert.Contains("blend: embedding weight", output, StringComparison.Ordinal);

        var outCsv = Path.Combine(_dir, "scored.csv");
        Assert.Equal(GnosisCli.Ok, (await Run("sentiment", "--headlines", Write("h.txt", "profits soar\n"), "--model", model, "--out", outCsv)).Code);
        Assert.StartsWith("profits soar,positive,", File.ReadAllLines(outCsv)[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_sentiment_hybrid_out_writes_a_head_usable_by_sentiment_head()
    {
        var rows = new List<string> { "text,label" };
        string[] good = ["Profits soar to a record", "Shares jump after strong earnings", "Revenue beats forecasts", "Stock rallies on upgrade", "Sales climb to new high"];
        string[] bad = ["Shares plunge after weak results", "Company cuts outlook", "Losses widen sharply", "Stock tumbles on downgrade", "Sales slump on weak demand"];
        string[] flat = ["Board schedules annual meeting", "Company to report results Tuesday", "Firm names new CFO", "Conference call set for Monday", "Annual report filed today"];
        rows.AddRange(good.Select(t => t + ",positive"));
        rows.AddRange(bad.Select(t => t + ",negative"));
        rows.AddRange(flat.Select(t => t + ",neutral"));
        var data = Write("train.csv", string.Join('\n', rows));
        var head = Path.Combine(_dir, "head.sgmh");
        var model = Path.Combine(_dir, "m.sgsm");
        var (code, output, err) = await Run("train-sentiment", "--data", data, "--out", model, "--ngram-only", "--hybrid-out", head);
        Assert.Equal(GnosisCli.Ok, code);
        Assert.Equal("", err);
        Assert.True(File.Exists(head));
        Assert.Contains("hybrid (n-gram + MiniLM head", output, StringComparison.Ordinal);

        var outCsv = Path.Combine(_dir, "scored.csv");
        Assert.Equal(GnosisCli.Ok, (await Run("sentiment", "--headlines", Write("h.txt", "Profits soar to a record\n"), "--model", model, "--head", head, "--out", outCsv)).Code);
        Assert.StartsWith("Profits soar to a record,positive,", File.ReadAllLines(outCsv)[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_sentiment_ngram_only_writes_an_ngram_model_that_sentiment_loads()
    {
        var data = WriteFirmTrainingCsv();
        var model = Path.Combine(_dir, "m.sgsm");
        var (code, output, err) = await Run("train-sentiment", "--data", data, "--out", model, "--ngram-only");
        Assert.Equal(GnosisCli.Ok, code);
        Assert.Equal("", err);
        Assert.DoesNotContain("blend:", output, StringComparison.Ordinal);
        using (var stream = File.OpenRead(model))
        {
            Assert.False(BlendedSentimentModel.HasMagic(stream));
            Assert.IsType<NGramSentimentModel>(NGramSentimentModel.Load(stream));
        }
        var outCsv = Path.Combine(_dir, "scored.csv");
        Assert.Equal(GnosisCli.Ok, (await Run("sentiment", "--headlines", Write("h.txt", "shares plunge\n"), "--model", model, "--out", outCsv)).Code);
        Assert.StartsWith("shares plunge,negative,", File.ReadAllLines(outCsv)[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_sentiment_rejects_bad_labels_with_the_line_number()
    {
        var (code, _, err) = await Run("train-sentiment", "--data", Write("bad.csv", "text,label\nok,1\nbad,maybe\n"), "--out", Path.Combine(_dir, "m.sgsm"));
        Assert.Equal(GnosisCli.BadArguments, code);
        Assert.Contains("line 3", err, StringComparison.Ordinal);
    }
}
