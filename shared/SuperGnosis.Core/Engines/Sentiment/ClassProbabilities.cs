namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>Softmax and argmax over class scores, shared by the headline models and their trainers.</summary>
public static class ClassProbabilities
{
    /// <summary>Turns logits into probabilities in place (max-shifted, so large logits do not overflow).</summary>
    public static void Softmax(Span<double> z)
    {
        var max = double.NegativeInfinity;
        foreach (var v in z)
        {
            max = Math.Max(max, v);
        }
        double sum = 0;
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = Math.Exp(z[i] - max);
            sum += z[i];
        }
        for (var i = 0; i < z.Length; i++)
        {
            z[i] /= sum;
        }
    }

    /// <summary>Index of the largest value; ties go to the first.</summary>
    public static int ArgMax(ReadOnlySpan<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
