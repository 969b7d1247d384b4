using System.Security.Cryptography;
using SuperGnosis.Sentiment;

namespace SuperGnosis.Hosting.Pipeline;

/// <summary>
/// SHA-256 (lower-case hex) of each headline model file embedded in SuperGnosis.Sentiment: retraining a model changes
/// its hash and so the run ids of every run it scores. Computed once per process, lazily (about 6 MB of bytes).
/// </summary>
public static class SentimentModelHashes
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Hashes = new(Compute, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Resource name to hash, for <see cref="BundledSentimentModel.ResourceName"/> and <see cref="BundledSentimentModel.NGramResourceName"/>.</summary>
    public static IReadOnlyDictionary<string, string> All => Hashes.Value;

    private static IReadOnlyDictionary<string, string> Compute()
    {
        var assembly = typeof(BundledSentimentModel).Assembly;
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in new[] { BundledSentimentModel.ResourceName, BundledSentimentModel.NGramResourceName })
        {
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"embedded sentiment model '{resource}' is missing from the assembly");
            hashes[resource] = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        return hashes;
    }
}
