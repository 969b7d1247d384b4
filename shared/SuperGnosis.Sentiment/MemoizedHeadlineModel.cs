using System.Collections.Concurrent;
using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Sentiment;

/// <summary>
/// A headline model that remembers the scores it has computed, by exact headline text, and loads the model it wraps on
/// the first headline it has to score (a run with no headline never loads it). Models are deterministic
/// (<see cref="IHeadlineSentimentModel"/>), so a remembered score is the score. A backtest sees the same headline in every
/// run of its news lookback (and the synthetic market's headlines come from a few templates), so later runs score
/// almost nothing. Bounded: after <see cref="Capacity"/> distinct headlines the memory is cleared and starts over.
/// Thread-safe.
/// </summary>
public sealed class MemoizedHeadlineModel : IHeadlineSentimentModel
{
    /// <summary>Distinct headlines remembered at most (a few hundred kilobytes of text and scores).</summary>
    public const int Capacity = 4_096;

    private readonly Lazy<IHeadlineSentimentModel> _model;
    private readonly ConcurrentDictionary<string, HeadlineSentiment> _scores = new(StringComparer.Ordinal);

    public MemoizedHeadlineModel(Func<IHeadlineSentimentModel> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        _model = new Lazy<IHeadlineSentimentModel>(load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public MemoizedHeadlineModel(IHeadlineSentimentModel model)
        : this(() => model ?? throw new ArgumentNullException(nameof(model)))
    {
        ArgumentNullException.ThrowIfNull(model);
    }

    /// <summary>True once the wrapped model has been loaded.</summary>
    public bool IsLoaded => _model.IsValueCreated;

    public HeadlineSentiment Score(string headline)
    {
        ArgumentNullException.ThrowIfNull(headline);
        if (_scores.TryGetValue(headline, out var known))
        {
            return known;
        }
        var score = _model.Value.Score(headline);
        if (_scores.Count >= Capacity)
        {
            _scores.Clear();
        }
        _scores.TryAdd(headline, score);
        return score;
    }
}
