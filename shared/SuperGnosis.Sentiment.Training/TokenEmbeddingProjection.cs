using MathNet.Numerics.LinearAlgebra;
using SuperGnosis.Sentiment.Text;

namespace SuperGnosis.Sentiment.Training;

/// <summary>Builds a <see cref="StaticTokenEmbeddings"/> table from an encoder's raw vectors (principal-axis projection, 8-bit quantisation).</summary>
public static class TokenEmbeddingProjection
{
    /// <summary>
    /// Projects the encoder's piece vectors (one per vocabulary entry, in id order) and word vectors onto their top
    /// <paramref name="dimension"/> principal axes (covariance over all vectors, centred on their mean) and quantises
    /// each projected vector to 8 bits (scale = max |component| / 127). Deterministic.
    /// </summary>
    public static StaticTokenEmbeddings Build(WordPieceTokenizer tokenizer, IReadOnlyList<float[]> pieceVectors, IReadOnlyDictionary<string, float[]> wordVectors, int dimension)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(pieceVectors);
        ArgumentNullException.ThrowIfNull(wordVectors);
        if (pieceVectors.Count != tokenizer.Vocabulary.Count)
        {
            throw new ArgumentException($"need one vector per vocabulary entry ({tokenizer.Vocabulary.Count}), got {pieceVectors.Count}", nameof(pieceVectors));
        }
        var words = wordVectors.Keys.Order(StringComparer.Ordinal).ToArray();
        var all = pieceVectors.Concat(words.Select(w => wordVectors[w])).ToArray();
        var input = all[0].Length;
        if (dimension < 1 || dimension > input)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"dimension must be in [1, {input}]");
        }
        if (all.Any(v => v.Length != input || v.Any(x => !float.IsFinite(x))))
        {
            throw new ArgumentException("vectors must share one dimension and be finite");
        }
        var m = Matrix<double>.Build.Dense(all.Length, input, (i, j) => all[i][j]);
        var mean = m.ColumnSums() / all.Length;
        for (var i = 0; i < all.Length; i++)
        {
            m.SetRow(i, m.Row(i) - mean);
        }
        var evd = (m.TransposeThisAndMultiply(m) / all.Length).Evd(Symmetricity.Symmetric);
        // MathNet returns eigenvalues in ascending order for symmetric matrices; take the largest.
        var axes = Enumerable.Range(0, input).OrderByDescending(i => evd.EigenValues[i].Real).ThenBy(i => i).Take(dimension).ToArray();
        var basis = Matrix<double>.Build.Dense(input, dimension, (i, j) => evd.EigenVectors[i, axes[j]]);
        var projected = m * basis;
        var values = new sbyte[all.Length * dimension];
        var scales = new float[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            var max = 0.0;
            for (var j = 0; j < dimension; j++)
            {
                max = Math.Max(max, Math.Abs(projected[i, j]));
            }
            var scale = max / 127.0;
            scales[i] = (float)scale;
            for (var j = 0; j < dimension; j++)
            {
                values[i * dimension + j] = scale == 0 ? (sbyte)0 : (sbyte)Math.Round(projected[i, j] / scale);
            }
        }
        return new StaticTokenEmbeddings(tokenizer, words, values, scales, dimension);
    }
}
