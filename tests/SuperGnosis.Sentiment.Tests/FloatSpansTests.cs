namespace SuperGnosis.Sentiment.Tests;

/// <summary>
/// The heads' dot products must round the same way on every machine (docs/sentiment.md, "Reproducibility"): whatever
/// the vector width, they must equal, bit for bit, a scalar sum in 8 lanes (element i in lane i mod 8) whose lanes are
/// added as ((0 + 1) + (2 + 3)) + ((4 + 5) + (6 + 7)), followed by the tail in order.
/// </summary>
public class FloatSpansTests
{
    private static float Reference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var lanes = new float[FloatSpans.Lanes];
        var i = 0;
        for (; i <= a.Length - FloatSpans.Lanes; i += FloatSpans.Lanes)
        {
            for (var l = 0; l < FloatSpans.Lanes; l++)
            {
                lanes[l] += a[i + l] * b[i + l];
            }
        }
        var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static float[] Values(int n, int seed)
    {
        var random = new Core.Numerics.DeterministicRandom((ulong)seed);
        // Mixed magnitudes make the result sensitive to the order of the additions.
        return [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.NextInt(7) - 3)))];
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(128)]
    [InlineData(384)]
    [InlineData(389)]
    public void Dot_equals_the_fixed_lane_reference_bit_for_bit(int n)
    {
        var a = Values(n, 1);
        var b = Values(n, 2);
        Assert.Equal(BitConverter.SingleToInt32Bits(Reference(a, b)), BitConverter.SingleToInt32Bits(FloatSpans.Dot(a, b)));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(384)]
    [InlineData(390)]
    public void Dot4_equals_Dot_of_each_row_bit_for_bit(int n)
    {
        var rows = Values(4 * n, 3);
        var x = Values(n, 4);
        var result = new float[4];
        FloatSpans.Dot4(rows, x, result);
        for (var r = 0; r < 4; r++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(Reference(rows.AsSpan(r * n, n), x)), BitConverter.SingleToInt32Bits(result[r]));
        }
    }
}
