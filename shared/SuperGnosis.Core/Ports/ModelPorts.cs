using SuperGnosis.Core.Engines.Sentiment;

namespace SuperGnosis.Core.Ports;

// Model ports: trained models an engine uses; their implementations live outside Core (SuperGnosis.Sentiment).

/// <summary>
/// Judges the tone of headlines offline. Implementations must be deterministic and thread-safe
/// for concurrent <see cref="Score"/> calls.
/// </summary>
public interface IHeadlineSentimentModel
{
    HeadlineSentiment Score(string headline);
}
