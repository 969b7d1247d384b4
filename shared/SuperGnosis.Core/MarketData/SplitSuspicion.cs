using System.Collections.Immutable;
using System.Globalization;

namespace SuperGnosis.Core.MarketData;

/// <summary>
/// A daily move that looks like a split nobody recorded: on <see cref="Date"/> the previous close divided by the open
/// (<see cref="CloseToOpen"/>) is within <see cref="SplitSuspicion.Tolerance"/> of a split ratio (<see cref="Ratio"/>:
/// 2 for a 2-for-1 split, 0.5 for a 1-for-2 reverse split).
/// </summary>
public readonly record struct SuspectedSplit(DateOnly Date, double Ratio, double CloseToOpen)
{
    /// <summary><c>2024-06-10:2</c> (date and the nearest split ratio, as metadata shows it).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Date:yyyy-MM-dd}:{Ratio:0.####}");
}

/// <summary>
/// Detects unrecorded splits in daily bars and keeps their gaps out of volatility estimates (docs/data-formats.md,
/// "Splits"). A bar is suspect when <c>|prevClose / open / r - 1| &lt;= 3 %</c> for a ratio r in
/// {2, 3, 4, 5, 7, 8, 10, 15, 20} or its reciprocal. A genuine overnight move of -50 % or +100 % is flagged too: both
/// are rare, and a flag is a question to the user, not a correction of the data.
/// </summary>
public static class SplitSuspicion
{
    /// <summary>Relative distance from a split ratio still counted as that ratio (0.03 = 3 %).</summary>
    public const double Tolerance = 0.03;

    /// <summary>Forward split ratios looked for (their reciprocals are the reverse splits).</summary>
    public static readonly ImmutableArray<double> ForwardRatios = [2, 3, 4, 5, 7, 8, 10, 15, 20];

    /// <summary>The nearest split ratio to a previous-close / open ratio, or null when none is within <see cref="Tolerance"/>.</summary>
    public static double? RatioNear(double closeToOpen)
    {
        if (!(closeToOpen > 0) || !double.IsFinite(closeToOpen))
        {
            return null;
        }
        foreach (var r in ForwardRatios)
        {
            if (Math.Abs(closeToOpen / r - 1) <= Tolerance)
            {
                return r;
            }
            if (Math.Abs(closeToOpen * r - 1) <= Tolerance)
            {
                return 1 / r;
            }
        }
        return null;
    }

    /// <summary>The suspect bars of daily bars in ascending time order (New York dates of their timestamps).</summary>
    public static ImmutableArray<SuspectedSplit> Detect(IReadOnlyList<Bar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var found = ImmutableArray.CreateBuilder<SuspectedSplit>();
        for (var i = 1; i < bars.Count; i++)
        {
            var closeToOpen = bars[i - 1].Close / bars[i].Open;
            if (RatioNear(closeToOpen) is { } ratio)
            {
                found.Add(new SuspectedSplit(NewYorkTime.DateOf(bars[i].Timestamp), ratio, closeToOpen));
            }
        }
        return found.ToImmutable();
    }

    /// <summary>
    /// The bars with each suspect gap closed for volatility estimates: every bar before a suspect bar is scaled by
    /// <c>open / prevClose</c> of that bar (prices times the factor, volume divided by it), so the overnight return
    /// across the suspect gap is exactly zero while every other return is unchanged. Returns <paramref name="bars"/>
    /// itself (ordered) when nothing is suspect. <paramref name="suspects"/> receives what was found.
    /// </summary>
    public static IReadOnlyList<Bar> WithoutSuspectGaps(IReadOnlyList<Bar> bars, out ImmutableArray<SuspectedSplit> suspects)
    {
        ArgumentNullException.ThrowIfNull(bars);
        suspects = Detect(bars);
        if (suspects.IsEmpty)
        {
            return bars;
        }
        var result = bars.ToArray();
        var factor = 1.0;
        for (var i = result.Length - 1; i >= 1; i--)
        {
            var closeToOpen = bars[i - 1].Close / bars[i].Open;
            if (RatioNear(closeToOpen) is not null)
            {
                factor /= closeToOpen;
            }
            if (factor != 1.0)
            {
                var b = bars[i - 1];
                result[i - 1] = new Bar(b.Timestamp, b.Open * factor, b.High * factor, b.Low * factor, b.Close * factor, b.Volume / factor);
            }
        }
        return result;
    }
}
