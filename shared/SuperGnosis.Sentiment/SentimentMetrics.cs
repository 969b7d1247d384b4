using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ports;
using SuperGnosis.Sentiment.Text;
namespace SuperGnosis.Sentiment;

/// <summary>
/// Classification quality on a labelled set. <see cref="Confusion"/>[truth, predicted] counts, in
/// <see cref="SentimentLabel"/> order. Per-class F1 = 2PR/(P+R) (0 when P+R = 0); macro-F1 is their
/// unweighted mean.
/// </summary>
public sealed record SentimentMetrics(int[,] Confusion, double Accuracy, double[] Precision, double[] Recall, double[] F1, double MacroF1, int Count)
{
    public static SentimentMetrics Evaluate(IHeadlineSentimentModel model, IReadOnlyList<LabelledHeadline> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        return FromPairs(examples.Select(e => (e.Label, model.Score(e.Text).Label)).ToList());
    }

    public static SentimentMetrics FromPairs(IReadOnlyList<(SentimentLabel Truth, SentimentLabel Predicted)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            throw new ArgumentException("no examples to evaluate", nameof(pairs));
        }
        const int K = NGramSentimentModel.ClassCount;
        var confusion = new int[K, K];
        foreach (var (truth, predicted) in pairs)
        {
            confusion[(int)truth, (int)predicted]++;
        }
        var correct = 0;
        var precision = new double[K];
        var recall = new double[K];
        var f1 = new double[K];
        for (var c = 0; c < K; c++)
        {
            correct += confusion[c, c];
            int predictedC = 0, actualC = 0;
            for (var o = 0; o < K; o++)
            {
                predictedC += confusion[o, c];
                actualC += confusion[c, o];
            }
            precision[c] = predictedC == 0 ? 0 : confusion[c, c] / (double)predictedC;
            recall[c] = actualC == 0 ? 0 : confusion[c, c] / (double)actualC;
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
        }
        return new SentimentMetrics(confusion, correct / (double)pairs.Count, precision, recall, f1, f1.Average(), pairs.Count);
    }
}
