using System.Text;

namespace SuperGnosis.Cli.Tests.Reliability;

/// <summary>
/// Every command that writes a file: outputs are checked before anything is read or written, an output that is an input
/// is refused, an input error leaves an existing output as it was, a cancelled run leaves the previous file, and a
/// successful run leaves no temporary file behind.
/// </summary>
public sealed class FileSafetyTests : IDisposable
{
    private const string Previous = "previous contents\n";
    private readonly Fixtures _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A command that writes one file: its input (name, contents), a bad input, and its arguments.</summary>
    public sealed record Writer(string Name, string InputName, string Input, string BadInput, Func<string, string, string[]> Args)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Writer> Writers() =>
    [
        new("greeks --out", "in.csv", Fixtures.GreeksCsv(), "", (i, o) => ["greeks", "--in", i, "--out", o]),
        new("greeks --out (expiry without --as-of)", "in.csv", Fixtures.GreeksCsv(), "type,strike,spot,expiry,iv\nC,100,100,2025-01-17,0.2\n",
            (i, o) => ["greeks", "--in", i, "--out", o]),
        new("indicators --out", "bars.csv", Fixtures.BarsCsv(), "", (i, o) => ["indicators", "--bars", i, "--out", o]),
        new("sentiment --out", "headlines.txt", Fixtures.Headlines, "", (i, o) => ["sentiment", "--headlines", i, "--out", o]),
        new("gex --png", "chain.csv", Fixtures.ChainCsv(), "", (i, o) => ["gex", "--chain", i, "--as-of", Fixtures.AsOfText, "--png", o]),
        new("train-sentiment --out", "train.csv", Fixtures.LabelledHeadlines(), "", (i, o) => ["train-sentiment", "--data", i, "--ngram-only", "--out", o]),
    ];

    private static async Task<(int Code, string Err)> Run(string[] args)
    {
        var (code, _, err) = await CliRunner.RunAsync(args);
        return (code, err);
    }

    private static void AssertPlainMessage(string err)
    {
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    private string[] FolderListing() => [.. Directory.EnumerateFileSystemEntries(_files.Dir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task An_output_that_is_the_input_is_refused_and_the_input_is_unchanged(Writer writer)
    {
        var input = _files.Write(writer.InputName, writer.Input);
        var before = await File.ReadAllBytesAsync(input);

        var (code, err) = await Run(writer.Args(input, input));

        Assert.Equal(2, code);
        AssertPlainMessage(err);
        Assert.Contains("is also an input", err, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(input));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task An_output_that_is_a_symbolic_link_to_the_input_is_refused(Writer writer)
    {
        var input = _files.Write(writer.InputName, writer.Input);
        var before = await File.ReadAllBytesAsync(input);
        var link = _files.PathOf("link-to-input");
        File.CreateSymbolicLink(link, input);

        var (code, err) = await Run(writer.Args(input, link));

        Assert.Equal(2, code);
        Assert.Contains("is also an input", err, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(input));
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task An_input_error_leaves_an_existing_output_as_it_was(Writer writer)
    {
        var input = _files.Write(writer.InputName, writer.BadInput);
        var output = _files.Write("out.file", Previous);

        var (code, err) = await Run(writer.Args(input, output));

        Assert.Equal(2, code);
        AssertPlainMessage(err);
        Assert.Equal(Previous, await File.ReadAllTextAsync(output));
        Assert.Equal(new[] { writer.InputName, "out.file" }.Order(StringComparer.Ordinal), FolderListing());
    }

    [Theory]
    [MemberData(nameof(Writers))]
    public async Task A_successful_run_replaces_the_output_and_leaves_no_temporary_file(Writer writer)
    {
        var input = _files.Write(writer.InputName, writer.Input);
        var output = _files.Write("out.file", Previous);

        var (code, err) = await Run(writer.Args(input, output));

        Assert.True(code == 0, err);
        Assert.NotEqual(Encoding.UTF8.GetBytes(Previous), await File.ReadAllBytesAsync(output));
        Assert.Equal(new[] { writer.InputName, "out.file" }.Order(StringComparer.Ordinal), FolderListing());
    }

    /// <summary>A missing folder, a directory, and (on Linux) a folder that accepts no new file even for root.</summary>
    public static TheoryData<string, string> UnwritableOutputs()
    {
        var data = new TheoryData<string, string>
        {
            { "missing/out.file", "does not exist" },
            { "a-folder", "is a directory" },
        };
        if (OperatingSystem.IsLinux())
        {
            data.Add("/proc/gnosis-out.file", "cannot write in the folder");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UnwritableOutputs))]
    public async Task An_unwritable_output_is_a_plain_usage_error_before_any_work(string output, string message)
    {
        Directory.CreateDirectory(_files.PathOf("a-folder"));
        foreach (var writer in ((IEnumerable<object[]>)Writers()).Select(row => (Writer)row[0]))
        {
            var input = _files.Write(writer.InputName, writer.Input);
            var target = Path.IsPathRooted(output) ? output : _files.PathOf(output);

            var (code, err) = await Run(writer.Args(input, target));

            Assert.True(code == 2, $"{writer.Name}: exit {code}: {err}");
            AssertPlainMessage(err);
            Assert.Contains(message, err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ctrl_c_during_greeks_leaves_the_previous_output_and_no_temporary_file()
    {
        var input = _files.Write("in.csv", Fixtures.GreeksCsv(400_000));
        var output = _files.Write("out.csv", Previous);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await GnosisCli.RunAsync(["greeks", "--in", input, "--out", output], CliContext.ForWriters(stdout, stderr, TimeProvider.System), cancel.Token);

        Assert.Equal(GnosisCli.Cancelled, code);
        Assert.Contains("cancelled", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(Previous, await File.ReadAllTextAsync(output));
        Assert.Equal(["in.csv", "out.csv"], FolderListing());
    }

    [Fact]
    public async Task Train_sentiment_refuses_the_same_file_for_out_and_hybrid_out_before_training()
    {
        var data = _files.Write("train.csv", Fixtures.LabelledHeadlines());
        var model = _files.PathOf("model.bin");

        var (code, err) = await Run(["train-sentiment", "--data", data, "--out", model, "--hybrid-out", model]);

        Assert.Equal(2, code);
        Assert.Contains("name the same file", err, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }

    [Fact]
    public async Task Sentiment_refuses_an_output_that_is_its_model()
    {
        var data = _files.Write("train.csv", Fixtures.LabelledHeadlines());
        var model = _files.PathOf("model.sgsm");
        Assert.Equal(0, (await Run(["train-sentiment", "--data", data, "--ngram-only", "--out", model])).Code);
        var modelBytes = await File.ReadAllBytesAsync(model);
        var headlines = _files.Write("headlines.txt", Fixtures.Headlines);

        var (code, err) = await Run(["sentiment", "--headlines", headlines, "--model", model, "--out", model]);

        Assert.Equal(2, code);
        Assert.Contains("is also an input", err, StringComparison.Ordinal);
        Assert.Equal(modelBytes, await File.ReadAllBytesAsync(model));
    }
}
