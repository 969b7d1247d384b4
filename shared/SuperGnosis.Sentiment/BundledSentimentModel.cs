using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment.Text;
namespace SuperGnosis.Sentiment;

/// <summary>
/// The headline models shipped inside this assembly (Model/, trained on the Twitter Financial News
/// Sentiment data, MIT; see the NOTICE.md beside them), each loaded once, lazily:
/// <see cref="Instance"/>, the engine's default, is the blended model (n-gram + convolution and sentence heads over
/// MiniLM-distilled token vectors, headline-sentiment.sgsb); <see cref="NGram"/> is the n-gram model alone
/// (headline-sentiment.sgsm), the fast fallback and the n-gram half of the MiniLM hybrid.
/// </summary>
public static class BundledSentimentModel
{
    public const string ResourceName = "SuperGnosis.Sentiment.Model.headline-sentiment.sgsb";

    public const string NGramResourceName = "SuperGnosis.Sentiment.Model.headline-sentiment.sgsm";

    private static readonly Lazy<BlendedSentimentModel> Blended = new(() => Load(ResourceName, BlendedSentimentModel.Load), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<NGramSentimentModel> NGramModel = new(() => Load(NGramResourceName, NGramSentimentModel.Load), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared, immutable default headline model (blended; docs/sentiment.md).</summary>
    public static BlendedSentimentModel Instance => Blended.Value;

    /// <summary>The shared, immutable n-gram model (with its own class offsets).</summary>
    public static NGramSentimentModel NGram => NGramModel.Value;

    private static T Load<T>(string resource, Func<Stream, T> load)
    {
        using var stream = typeof(BundledSentimentModel).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded sentiment model '{resource}' is missing from the assembly");
        return load(stream);
    }
}
