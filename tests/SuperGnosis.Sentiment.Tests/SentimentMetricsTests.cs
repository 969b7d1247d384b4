using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment.Tests;

public class SentimentMetricsTests
{
    [Fact]
    public void Metrics_match_a_hand_computed_confusion_matrix()
    {
        const SentimentLabel N = SentimentLabel.Negative, P = SentimentLabel.Positive, U = SentimentLabel.Neutral;
        // truth/predicted: N->N x2, N->U x1, P->P x1, P->N x1, U->U x3
        var m = SentimentMetrics.FromPairs([(N, N), (N, N), (N, U), (P, P), (P, N), (U, U), (U, U), (U, U)]);
        Assert.Equal(2, m.Confusion[0, 0]);
        Assert.Equal(1, m.Confusion[0, 2]);
        Assert.Equal(1, m.Confusion[1, 0]);
        Assert.Equal(6 / 8.0, m.Accuracy, 12);
        // negative: P = 2/3, R = 2/3 -> F1 2/3; positive: P = 1, R = 1/2 -> 2/3; neutral: P = 3/4, R = 1 -> 6/7
        Assert.Equal(2 / 3.0, m.F1[0], 12);
        Assert.Equal(2 / 3.0, m.F1[1], 12);
        Assert.Equal(6 / 7.0, m.F1[2], 12);
        Assert.Equal((2 / 3.0 + 2 / 3.0 + 6 / 7.0) / 3, m.MacroF1, 12);
    }

    [Fact]
    public void A_class_never_predicted_has_zero_f1()
    {
        var m = SentimentMetrics.FromPairs([(SentimentLabel.Positive, SentimentLabel.Neutral), (SentimentLabel.Neutral, SentimentLabel.Neutral)]);
        Assert.Equal(0, m.F1[(int)SentimentLabel.Positive]);
    }
}
