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
            Description = "Text file with one headline per line, or a CSV with a 'text' column",
            Required = true,
        };
        var outOption = new Option<FileInfo?>("--out") { Description = "Write CSV text,label,score,confidence here instead of printing a table" };
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
            var file = parse.GetValue(headlinesOption)!;
            if (!file.Exists)
            {
                throw new CliUsageException($"headlines file '{file.FullName}' does not exist");
            }
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
            var modelFile = parse.GetValue(modelOption);
            var model = LoadModel(modelFile);
            var headFile = parse.GetValue(headOption);
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
                var results = hybrid.ScoreMany(headlines, cancellationToken);
                scored = [.. headlines.Select((h, i) => (h, results[i]))];
            }
            else
            {
                scored = [.. headlines.Select(h => (h, model.Score(h)))];
            }

            var outFile = parse.GetValue(outOption);
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
            try
            {
                await File.WriteAllTextAsync(outFile.FullName, csv.ToString(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"cannot write '{outFile.FullName}': {ex.Message}");
            }
            await context.Out.WriteLineAsync($"scored {scored.Count} headlines into {outFile.FullName}").ConfigureAwait(false);
            return GnosisCli.Ok;
        });
        return command;
    }

    /// <summary>
    /// CSV when the first non-blank line, read as CSV, has a field named <c>text</c>; otherwise one headline per
    /// non-blank line. Empty input is a usage error.
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
        var header = Csv.Read(new StringReader(firstLine.TrimEnd('\r'))).First().Fields;
        var textColumn = Csv.IndexOf(header, "text");
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

    private static EmbeddingHead LoadHead(FileInfo? file) =>
        file is null ? BundledHybridSentimentModel.LoadHead() : LoadFile(file, "embedding head", EmbeddingHead.Load);

    private static IHeadlineSentimentModel LoadModel(FileInfo? file) =>
        file is null
            ? BundledSentimentModel.Instance
            : LoadFile<IHeadlineSentimentModel>(file, "model", s => BlendedSentimentModel.HasMagic(s) ? BlendedSentimentModel.Load(s) : NGramSentimentModel.Load(s));

    /// <summary>Reads a model file; a missing or corrupt file is a usage error naming the file.</summary>
    private static T LoadFile<T>(FileInfo file, string what, Func<Stream, T> load)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"{what} file '{file.FullName}' does not exist");
        }
        try
        {
            using var stream = File.OpenRead(file.FullName);
            return load(stream);
        }
        catch (InvalidDataException ex)
        {
            throw new CliUsageException($"{file.Name}: {ex.Message}");
        }
    }

    internal static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
