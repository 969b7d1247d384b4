using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Sentiment.Tests;

public sealed class MemoizedHeadlineModelTests
{
    private sealed class CountingModel : IHeadlineSentimentModel
    {
        public int Calls;

        public HeadlineSentiment Score(string headline)
        {
            Interlocked.Increment(ref Calls);
            return BundledSentimentModel.NGram.Score(headline);
        }
    }

    [Fact]
    public void Loads_on_the_first_headline_and_returns_the_models_scores()
    {
        var inner = new CountingModel();
        var loads = 0;
        var memo = new MemoizedHeadlineModel(() => { loads++; return inner; });
        Assert.False(memo.IsLoaded);
        const string text = "Acme beats quarterly earnings estimates, raises full-year guidance";
        Assert.Equal(BundledSentimentModel.NGram.Score(text), memo.Score(text));
        Assert.Equal(BundledSentimentModel.NGram.Score(text), memo.Score(text));
        Assert.Equal(BundledSentimentModel.NGram.Score("Acme misses estimates and cuts outlook"), memo.Score("Acme misses estimates and cuts outlook"));
        Assert.True(memo.IsLoaded);
        Assert.Equal(1, loads);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public void Stays_bounded_and_correct_past_its_capacity()
    {
        var inner = new CountingModel();
        var memo = new MemoizedHeadlineModel(inner);
        for (var i = 0; i < MemoizedHeadlineModel.Capacity + 10; i++)
        {
            var text = $"headline {i} shares rally";
            Assert.Equal(BundledSentimentModel.NGram.Score(text), memo.Score(text));
        }
        Assert.Equal(MemoizedHeadlineModel.Capacity + 10, inner.Calls);
        Assert.Equal(BundledSentimentModel.NGram.Score("headline 0 shares rally"), memo.Score("headline 0 shares rally"));
    }
}
