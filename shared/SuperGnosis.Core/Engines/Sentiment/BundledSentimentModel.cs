namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>
/// The headline model shipped inside this assembly (Engines/Sentiment/Model/headline-sentiment.sgsm, trained
/// on the Twitter Financial News Sentiment data, MIT; see the NOTICE.md beside it). Loaded once, lazily.
/// </summary>
public static class BundledSentimentModel
{
    public const string ResourceName = "SuperGnosis.Core.Engines.Sentiment.Model.headline-sentiment.sgsm";

    private static readonly Lazy<NGramSentimentModel> Model = new(LoadFromResource, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared, immutable bundled model.</summary>
    public static NGramSentimentModel Instance => Model.Value;

    private static NGramSentimentModel LoadFromResource()
    {
        using var stream = typeof(BundledSentimentModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded sentiment model '{ResourceName}' is missing from the assembly");
        return NGramSentimentModel.Load(stream);
    }
}
