using SuperGnosis.Core.Engines.Sentiment;
using SuperGnosis.Sentiment.Text;
namespace SuperGnosis.Sentiment;

/// <summary>
/// Turns a <see cref="NormalizedHeadline"/> into a sparse, L2-normalised feature vector by the hashing
/// trick: word unigrams (<c>w:</c>) and word bigrams with sentence boundaries (<c>b:</c>) form the word
/// block; character
/// n-grams of each word padded with spaces (<c>c:</c>, lengths <see cref="MinCharGram"/> to
/// <see cref="MaxCharGram"/>), hashed with 32-bit FNV-1a (stable across processes and platforms)
/// into <c>2^bits</c> buckets, form the character block. Repeated features add up; each block is scaled to
/// unit L2 norm and the two are mixed with weights sqrt(<see cref="WordBlockWeight"/>) and its complement,
/// so the many character n-grams do not drown the few word features.
/// </summary>
public sealed class HeadlineFeaturizer
{
    public const int MinCharGram = 2;
    public const int MaxCharGram = 4;

    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    public HeadlineFeaturizer(int hashBits)
    {
        if (hashBits is < 10 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(hashBits), hashBits, "hash bits must be in [10, 24]");
        }
        HashBits = hashBits;
        Dimension = 1 << hashBits;
    }

    public int HashBits { get; }

    public int Dimension { get; }

    /// <summary>Sparse features: distinct bucket indices (ascending) and their L2-normalised values.</summary>
    public SparseFeatures Featurize(NormalizedHeadline headline)
    {
        ArgumentNullException.ThrowIfNull(headline);
        var raw = new List<int>(256);
        var mask = (uint)(Dimension - 1);
        var tokens = headline.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            raw.Add((int)(Hash(Hash(FnvOffset, "w:"), tokens[i]) & mask));
            var previous = i == 0 ? "<s>" : tokens[i - 1];
            raw.Add((int)(Hash(Hash(Hash(Hash(FnvOffset, "b:"), previous), " "), tokens[i]) & mask));
        }
        if (tokens.Count > 0)
        {
            raw.Add((int)(Hash(Hash(Hash(Hash(FnvOffset, "b:"), tokens[^1]), " "), "</s>") & mask));
        }
        var wordFeatureCount = raw.Count;
        Span<char> buffer = stackalloc char[64];
        foreach (var word in headline.Words)
        {
            var padded = word.Length + 2 <= buffer.Length ? buffer[..(word.Length + 2)] : new char[word.Length + 2];
            padded[0] = ' ';
            word.AsSpan().CopyTo(padded[1..]);
            padded[^1] = ' ';
            for (var n = MinCharGram; n <= MaxCharGram; n++)
            {
                for (var start = 0; start + n <= padded.Length; start++)
                {
                    raw.Add((int)(Hash(Hash(FnvOffset, "c:"), padded.Slice(start, n)) & mask));
                }
            }
        }
        return SparseFeatures.FromBlocks(raw, wordFeatureCount, WordBlockWeight);
    }

    /// <summary>Share of the squared norm given to the word block (the character block gets the rest).</summary>
    public const double WordBlockWeight = 0.5;

    private static uint Hash(uint state, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            state = (state ^ (byte)c) * FnvPrime;
            state = (state ^ (byte)(c >> 8)) * FnvPrime;
        }
        return state;
    }
}

/// <summary>A sparse vector: ascending distinct indices with values.</summary>
public readonly record struct SparseFeatures(int[] Indices, float[] Values)
{
    /// <summary>
    /// Two blocks (raw[..split] and raw[split..]) each normalised to unit L2 norm, scaled by
    /// sqrt(w) and sqrt(1 - w), then merged (buckets shared by both blocks add up).
    /// </summary>
    public static SparseFeatures FromBlocks(List<int> raw, int split, double firstBlockWeight)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var a = FromIndices(raw.GetRange(0, split));
        var b = FromIndices(raw.GetRange(split, raw.Count - split));
        var wa = (float)Math.Sqrt(firstBlockWeight);
        var wb = (float)Math.Sqrt(1 - firstBlockWeight);
        var indices = new List<int>(a.Indices.Length + b.Indices.Length);
        var values = new List<float>(indices.Capacity);
        int i = 0, j = 0;
        while (i < a.Indices.Length || j < b.Indices.Length)
        {
            if (j >= b.Indices.Length || (i < a.Indices.Length && a.Indices[i] < b.Indices[j]))
            {
                indices.Add(a.Indices[i]);
                values.Add(wa * a.Values[i++]);
            }
            else if (i >= a.Indices.Length || b.Indices[j] < a.Indices[i])
            {
                indices.Add(b.Indices[j]);
                values.Add(wb * b.Values[j++]);
            }
            else
            {
                indices.Add(a.Indices[i]);
                values.Add(wa * a.Values[i++] + wb * b.Values[j++]);
            }
        }
        return new SparseFeatures([.. indices], [.. values]);
    }

    /// <summary>Counts repeated indices and scales the counts to unit L2 norm.</summary>
    public static SparseFeatures FromIndices(List<int> raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Count == 0)
        {
            return new SparseFeatures([], []);
        }
        raw.Sort();
        var indices = new List<int>(raw.Count);
        var counts = new List<float>(raw.Count);
        foreach (var index in raw)
        {
            if (indices.Count > 0 && indices[^1] == index)
            {
                counts[^1] += 1f;
            }
            else
            {
                indices.Add(index);
                counts.Add(1f);
            }
        }
        double norm = 0;
        foreach (var c in counts)
        {
            norm += c * c;
        }
        var scale = (float)(1.0 / Math.Sqrt(norm));
        var values = new float[counts.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = counts[i] * scale;
        }
        return new SparseFeatures([.. indices], values);
    }
}
