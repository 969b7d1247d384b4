using System.CommandLine;
using System.Text;
using Spectre.Console;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ports;
using SuperGnosis.Core.Text;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Training;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis sentiment --headlines &lt;file&gt; [--out &lt;csv&gt;] [--model &lt;file&gt;]</c>: scores headlines with the
/// bundled (or a retrained) model. Input: one headline per line, or a CSV whose header has a <c>text</c> column.
/// Output CSV <c>text,label,score,confidence</c>; without <c>--out</c>, a table. <c>--hybrid</c> mixes in the MiniLM
/// embedding head (more accurate, about 10 ms per headline; docs/sentiment.md).
/// </summary>
public static class SentimentCommand
{
    public static Command Create(CliContext context)
    {
        var headlinesOption = new Option<FileInfo>("--headlines")
        {
            Description = "Text file with one headline per line, or a CSV whose first line is a header with a 'text' column",
            Required = true,
        };
        var outOption = new Option<FileInfo?>("--out")
        {
            Description = "Write CSV text,label,score,confidence here instead of printing a table (written whole or not at all; must not be an input)",
        };
        var modelOption = new Option<FileInfo?>("--model") { Description = "Model written by 'gnosis train-sentiment' (default: the bundled model)" };
        var hybridOption = new Option<bool>("--hybrid") { Description = "Use the hybrid model (n-gram + MiniLM embedding head): more accurate, slower" };
        var headOption = new Option<FileInfo?>("--head") { Description = "Embedding head written by 'gnosis train-sentiment --hybrid-out' (default: the bundled head; implies --hybrid)" };
        var command = new Command("sentiment", "Score the tone of headlines offline: positive, negative or neutral with score and confidence");
        command.Options.Add(headlinesOption);
        command.Options.Add(outOption);
        command.Options.Add(modelOption);
        command.Options.Add(hybridOption);
        command.Options.Add(headOption);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = CliFiles.Input("--headlines", parse.GetValue(headlinesOption)!);
            var modelFile = parse.GetValue(modelOption) is { } modelGiven ? CliFiles.Input("--model", modelGiven) : null;
            var headFile = parse.GetValue(headOption) is { } headGiven ? CliFiles.Input("--head", headGiven) : null;
            var outFile = parse.GetValue(outOption) is { } outGiven ? CliFiles.Output("--out", outGiven, file, modelFile, headFile) : null;
            string text;
            try
            {
                text = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new CliUsageException($"cannot read '{file.FullName}': {ex.Message}");
            }
            var headlines = ReadHeadlines(text, file.Name);
            var model = LoadModel(modelFile);
            List<(string Text, HeadlineSentiment Result)> scored;
            if (parse.GetValue(hybridOption) || headFile is not null)
            {
                using var embedder = new MiniLmSentenceEmbedder();
                // The bundled hybrid pairs the head with the bundled n-gram model (with its class offsets).
                var ngram = modelFile is null ? BundledSentimentModel.NGram : model switch
                {
                    BlendedSentimentModel blended => blended.NGram,
                    NGramSentimentModel n => n,
                    _ => throw new CliUsageException("--hybrid needs an n-gram or blended model"),
                };
                var hybrid = new HybridHeadlineSentimentModel(ngram, LoadHead(headFile), embedder);
                scored = ScoreWithProgress(context, headlines, HybridChunk, chunk => hybrid.ScoreMany(chunk, cancellationToken), cancellationToken);
            }
            else
            {
                scored = ScoreWithProgress(context, headlines, NGramChunk, chunk => [.. chunk.Select(model.Score)], cancellationToken);
            }

            if (outFile is null)
            {
                var table = new Table().AddColumns("text", "label", "score", "confidence");
                foreach (var (h, r) in scored)
                {
                    table.AddRow(Markup.Escape(h), SentimentLabels.ToWord(r.Label), r.Score.ToString("F3"), r.Confidence.ToString("F3"));
                }
                context.Console.Write(table);
                return GnosisCli.Ok;
            }
            var csv = new StringBuilder("text,label,score,confidence\n");
            foreach (var (h, r) in scored)
            {
                csv.Append(CsvField(h)).Append(',').Append(SentimentLabels.ToWord(r.Label)).Append(',')
                    .Append(r.Score.ToString("F4")).Append(',').Append(r.Confidence.ToString("F4")).Append('\n');
            }
            await outFile.WriteTextAsync((writer, ct) => writer.WriteAsync(csv, ct), cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"scored {scored.Count} headlines into {outFile.FullName}").ConfigureAwait(false);
            return GnosisCli.Ok;
        });
        return command;
    }

    /// <summary>Headlines scored per progress step with the n-gram model, and with the (slower) hybrid model.</summary>
    private const int NGramChunk = 2000;
    private const int HybridChunk = 64;

    /// <summary>Inputs of at least this many headlines show a progress bar (on a terminal only).</summary>
    public const int ProgressThreshold = 5000;

    /// <summary>
    /// Scores the headlines a chunk at a time. On a terminal (<see cref="CliContext.IsTerminal"/>) and for at least
    /// <see cref="ProgressThreshold"/> headlines, a progress bar shows the chunks done; redirected output stays quiet.
    /// </summary>
    private static List<(string Text, HeadlineSentiment Result)> ScoreWithProgress(
        CliContext context, IReadOnlyList<string> headlines, int chunkSize, Func<IReadOnlyList<string>, IReadOnlyList<HeadlineSentiment>> score,
        CancellationToken cancellationToken)
    {
        var scored = new List<(string, HeadlineSentiment)>(headlines.Count);
        void ScoreAll(Action<int> advanced)
        {
            for (var start = 0; start < headlines.Count; start += chunkSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = headlines.Skip(start).Take(chunkSize).ToList();
                var results = score(chunk);
                for (var i = 0; i < chunk.Count; i++)
                {
                    scored.Add((chunk[i], results[i]));
                }
                advanced(chunk.Count);
            }
        }
        if (!context.IsTerminal || headlines.Count < ProgressThreshold)
        {
            ScoreAll(_ => { });
            return scored;
        }
        context.Console.Progress().AutoClear(true).Start(progress =>
        {
            var task = progress.AddTask($"scoring {headlines.Count} headlines", maxValue: headlines.Count);
            ScoreAll(n => task.Increment(n));
        });
        return scored;
    }

    /// <summary>
    /// CSV when the first non-blank line, read as CSV, has a field named <c>text</c>; otherwise (also when that line is not
    /// valid CSV, e.g. a headline with a stray double quote) one headline per non-blank line. Empty input is a usage error;
    /// so is a CSV header naming a column twice.
    /// </summary>
    internal static IReadOnlyList<string> ReadHeadlines(string text, string fileName)
    {
        var trimmed = text.TrimStart('\uFEFF');
        var firstLine = trimmed.Split('\n').FirstOrDefault(l => l.Trim().Length > 0);
        if (firstLine is null)
        {
            throw new CliUsageException($"{fileName}: no headlines (the file is empty)");
        }
        List<string> headlines;
        var header = HeaderOrNull(firstLine.TrimEnd('\r'));
        var textColumn = header is null ? -1 : Csv.IndexOf(header, "text");
        if (textColumn >= 0 && Csv.FindDuplicate(header!) is { } duplicate)
        {
            throw new CliUsageException($"{fileName}: the CSV header has the column '{duplicate}' twice (which copy holds the headlines cannot be known)");
        }
        if (textColumn >= 0)
        {
            try
            {
                headlines = [];
                foreach (var (line, fields) in Csv.Read(new StringReader(trimmed.TrimStart())).Skip(1))
                {
                    if (fields.Length == 1 && fields[0].Length == 0)
                    {
                        continue;
                    }
                    if (fields.Length <= textColumn)
                    {
                        throw new CliUsageException($"{fileName}: line {line} has no 'text' field");
                    }
                    headlines.Add(fields[textColumn]);
                }
            }
            catch (FormatException ex)
            {
                throw new CliUsageException($"{fileName}: {ex.Message}");
            }
        }
        else
        {
            headlines = [.. trimmed.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
        }
        if (headlines.Count == 0)
        {
            throw new CliUsageException($"{fileName}: no headlines found");
        }
        return headlines;
    }

    /// <summary>The first line's fields when it is a valid CSV record; null when it is not (then the file is plain text).</summary>
    private static string[]? HeaderOrNull(string firstLine)
    {
        try
        {
            return Csv.Read(new StringReader(firstLine)).FirstOrDefault().Fields;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static EmbeddingHead LoadHead(FileInfo? file) =>
        file is null ? BundledHybridSentimentModel.LoadHead() : LoadFile(file, "embedding head", EmbeddingHead.Load);

    private static IHeadlineSentimentModel LoadModel(FileInfo? file) =>
        file is null
            ? BundledSentimentModel.Instance
            : LoadFile<IHeadlineSentimentModel>(file, "model", s => BlendedSentimentModel.HasMagic(s) ? BlendedSentimentModel.Load(s) : NGramSentimentModel.Load(s));

    /// <summary>Reads a model file; a missing file, or one that is not a model (truncated, another kind of file), is a
    /// usage error naming the file.</summary>
    private static T LoadFile<T>(FileInfo file, string what, Func<Stream, T> load)
    {
        CliFiles.Input("--" + (what == "model" ? "model" : "head"), file);
        try
        {
            using var stream = File.OpenRead(file.FullName);
            return load(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or OverflowException
            or OutOfMemoryException or NotSupportedException or IOException)
        {
            throw new CliUsageException($"{file.Name} is not a sentiment {what} written by 'gnosis train-sentiment' ({ex.Message})");
        }
    }

    internal static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
