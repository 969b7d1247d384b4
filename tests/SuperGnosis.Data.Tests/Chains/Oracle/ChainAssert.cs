using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Tests.Chains.Oracle;

/// <summary>Equality of two reader results down to the bits: record equality of every quote (NaN equals NaN) plus equal
/// text forms (shortest round-trip numbers, so -0 and 0 differ).</summary>
internal static class ChainAssert
{
    public static void Identical(ChainFileResult expected, ChainFileResult actual)
    {
        Assert.Equal(expected.Chain.Symbol, actual.Chain.Symbol);
        Assert.Equal(expected.Chain.AsOf, actual.Chain.AsOf);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Chain.UnderlyingPrice), BitConverter.DoubleToInt64Bits(actual.Chain.UnderlyingPrice));
        Assert.Equal(expected.Chain.Quotes.Length, actual.Chain.Quotes.Length);
        for (var i = 0; i < expected.Chain.Quotes.Length; i++)
        {
            var (e, a) = (expected.Chain.Quotes[i], actual.Chain.Quotes[i]);
            if (e != a || e.ToString() != a.ToString())
            {
                Assert.Fail($"quote {i} differs:\n expected {e}\n actual   {a}");
            }
        }
        Assert.Equal(expected.Skipped, actual.Skipped);
        Assert.Equal(expected.MalformedCells, actual.MalformedCells);
        Assert.Equal(expected.FileTimestamp, actual.FileTimestamp);
    }

    /// <summary>Runs both; either the same result or the same exception type and message.</summary>
    public static void SameOutcome(Func<ChainFileResult> oracle, Func<ChainFileResult> reader)
    {
        ChainFileResult? expected = null, actual = null;
        Exception? expectedError = null, actualError = null;
        try
        {
            expected = oracle();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            expectedError = ex;
        }
        try
        {
            actual = reader();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            actualError = ex;
        }
        if (expectedError is not null || actualError is not null)
        {
            Assert.Equal(expectedError?.GetType(), actualError?.GetType());
            Assert.Equal(expectedError?.Message, actualError?.Message);
            return;
        }
        Identical(expected!, actual!);
    }
}
