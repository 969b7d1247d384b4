namespace SuperGnosis.Core.Tests.Indicators;

internal static class IndicatorAssert
{
    public const double Tolerance = 1e-4;

    public static void Near(double expected, double? actual, double tolerance = Tolerance)
    {
        Assert.True(actual.HasValue, $"expected {expected} but got no value");
        Assert.True(Math.Abs(expected - actual!.Value) <= tolerance, $"expected {expected} +- {tolerance} but got {actual}");
    }

    /// <summary>Entries before <paramref name="firstIndex"/> are null and all later ones have a value.</summary>
    public static void WarmUp(double?[] series, int firstIndex)
    {
        for (var i = 0; i < series.Length; i++)
        {
            Assert.True(series[i].HasValue == (i >= firstIndex), $"index {i}: value presence wrong (first value expected at {firstIndex})");
        }
    }
}
