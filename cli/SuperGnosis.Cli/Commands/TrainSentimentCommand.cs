using System.CommandLine;
using System.Text;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Training;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis train-sentiment --data &lt;csv&gt; [--valid &lt;csv&gt;] [--out &lt;model&gt;] [--ngram-only] [--cv &lt;folds&gt;]</c>:
/// trains the headline model on labelled CSV (<c>text,label</c>; labels 0/1/2 or negative/positive/neutral), writes it
/// and prints accuracy, macro-F1 and the confusion matrix on the validation file (or on the training file when none is
/// given). The recipe is <see cref="SentimentTrainingRecipe"/>; this command parses, writes the files atomically and
/// renders. By default it trains the blended model (n-gram + head over MiniLM-distilled token embeddings; distilling
/// takes about 20 s); <c>--ngram-only</c> trains the n-gram model alone. <c>--cv</c> also reports a cross-validation
/// of the whole training procedure on the training data (slow: folds x the training time). With <c>--hybrid-out</c>
/// it also trains the MiniLM embedding head of the hybrid model and reports the hybrid's metrics. Requests that cannot
/// work (too many folds, one class, headlines with no words left after normalisation) are refused before any training;
/// outputs are checked before anything is read and written whole or not at all.
/// </summary>
public static class TrainSentimentCommand
{
    public const string DefaultModelFile = "headline-sentiment.sgsb";

    public static Command Create(CliContext context)
    {
        var dataOption = new Option<FileInfo>("--data")
        {
            Description = "Training CSV with 'text' and 'label' columns (labels 0/1/2 = negative/positive/neutral, or those words)",
            Required = true,
        };
        var validOption = new Option<FileInfo?>("--valid") { Description = "Validation CSV in the same format; metrics are reported on it" };
        var outOption = new Option<FileInfo?>("--out") { Description = "Model file to write (default: " + DefaultModelFile + ")" };
        var ngramOnlyOption = new Option<bool>("--ngram-only") { Description = "Train only the n-gram model (no MiniLM distillation; faster, less accurate)" };
        var cvOption = new Option<int?>("--cv")
        {
            Description = $"Also cross-validate the training procedure on the training data with this many folds (2 to {SentimentTrainingRecipe.MaximumFolds}, at most the number of training headlines)",
        };
        var hybridOption = new Option<FileInfo?>("--hybrid-out")
        {
            Description = "Also train the embedding head of the hybrid model (MiniLM sentence embeddings; slow: ~10 ms per headline) and write it here",
        };
        var command = new Command("train-sentiment", "Train the offline headline sentiment model on labelled headlines and print its metrics");
        command.Options.Add(dataOption);
        command.Options.Add(validOption);
        command.Options.Add(outOption);
        command.Options.Add(ngramOnlyOption);
        command.Options.Add(cvOption);
        command.Options.Add(hybridOption);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dataFile = CliFiles.Input("--data", parse.GetValue(dataOption)!);
            var validFile = parse.GetValue(validOption) is { } v ? CliFiles.Input("--valid", v) : null;
            var ngramOnly = parse.GetValue(ngramOnlyOption);
            var outFile = CliFiles.Output("--out", parse.GetValue(outOption) ?? new FileInfo(ngramOnly ? "headline-sentiment.sgsm" : DefaultModelFile), dataFile, validFile);
            var hybridFile = parse.GetValue(hybridOption) is { } hy ? CliFiles.Output("--hybrid-out", hy, dataFile, validFile) : null;
            if (hybridFile is not null && SamePath.Comparer.Equals(hybridFile.FullName, outFile.FullName))
            {
                throw new CliUsageException($"--hybrid-out and --out name the same file '{outFile.FullName}'; give two files");
            }
            var train = ReadLabelled(dataFile);
            var valid = validFile is null ? null : ReadLabelled(validFile);
            var folds = parse.GetValue(cvOption);
            var options = new SentimentRecipeOptions(train, valid, ngramOnly, folds, HybridHead: hybridFile is not null);
            try
            {
                SentimentTrainingRecipe.Validate(options);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            var result = await SentimentTrainingRecipe.RunAsync(
                options,
                (artifact, save, ct) => (artifact == SentimentArtifact.Model ? outFile : hybridFile!).WriteAsync((stream, _) =>
                {
                    save(stream);
                    return Task.CompletedTask;
                }, ct),
                cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(Render(result, train.Count, outFile, hybridFile, folds)).ConfigureAwait(false);
            return GnosisCli.Ok;
        });
        return command;
    }

    /// <summary>The command's report: what was written, the blend's settings, the cross-validation and the metrics.</summary>
    private static string Render(SentimentTrainingResult result, int trainCount, OutputFile outFile, OutputFile? hybridFile, int? folds)
    {
        var output = new StringBuilder()
            .AppendLine($"trained on {trainCount} headlines; model written to {outFile.FullName}");
        if (result.Model is BlendedSentimentModel b)
        {
            output.AppendLine($"blend: embedding weight {b.EmbeddingWeight:F2}, offsets (negative, positive) {b.Offsets[0]:+0.00;-0.00;0.00} {b.Offsets[1]:+0.00;-0.00;0.00}; {b.Embeddings.WordCount} distilled words, {b.Embeddings.Dimension} dimensions");
        }
        if (result.CrossValidation is not null)
        {
            output.AppendLine($"{folds}-fold cross-validation of the training procedure on the training data:").Append(FormatMetrics(result.CrossValidation));
        }
        output.AppendLine(result.MetricsOnValidation ? $"metrics on {result.Metrics.Count} validation headlines:" : "metrics on the TRAINING set (no --valid given; optimistic):")
            .Append(FormatMetrics(result.Metrics));
        if (result.Hybrid is not null)
        {
            output.AppendLine($"hybrid embedding head written to {hybridFile!.FullName}")
                .AppendLine($"hybrid (n-gram + MiniLM head, w = {HybridHeadlineSentimentModel.EmbeddingWeight}) metrics:")
                .Append(FormatMetrics(result.Hybrid.Metrics));
        }
        return output.ToString();
    }

    internal static IReadOnlyList<LabelledHeadline> ReadLabelled(FileInfo file)
    {
        try
        {
            using var reader = new StreamReader(file.FullName);
            return LabelledHeadlineCsv.Read(reader);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{file.Name}: {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new CliUsageException($"cannot read '{file.FullName}': {ex.Message}");
        }
    }

    /// <summary>Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix as plain text.</summary>
    internal static string FormatMetrics(SentimentMetrics metrics)
    {
        var labels = Enum.GetValues<SentimentLabel>();
        var sb = new StringBuilder()
            .AppendLine($"accuracy  {metrics.Accuracy:F4}")
            .AppendLine($"macro_f1  {metrics.MacroF1:F4}")
            .AppendLine("class      precision  recall  f1");
        foreach (var label in labels)
        {
            var c = (int)label;
            sb.AppendLine($"{SentimentLabels.ToWord(label),-9}  {metrics.Precision[c],9:F4}  {metrics.Recall[c],6:F4}  {metrics.F1[c]:F4}");
        }
        sb.AppendLine("confusion (rows = truth, columns = predicted): negative positive neutral");
        foreach (var label in labels)
        {
            var c = (int)label;
            sb.AppendLine($"{SentimentLabels.ToWord(label),-9}  {metrics.Confusion[c, 0],8} {metrics.Confusion[c, 1],8} {metrics.Confusion[c, 2],7}");
        }
        return sb.ToString();
    }
}
