namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>The kind of a vertical level line (a renderer picks its colour and dash from it).</summary>
public enum GexLevelKind
{
    Spot,
    ZeroGamma,
    CallWall,
    PutWall,
}

/// <summary>One bar: a strike and its net GEX in the chart's unit (<see cref="GexChartData.Scale"/>).</summary>
public sealed record GexChartBar(double Strike, double Value)
{
    public bool Positive => Value >= 0;
}

/// <summary>A vertical level line at <see cref="X"/>; its label ("spot 431.023") is drawn rotated at height <see cref="LabelY"/>.</summary>
public sealed record GexChartLevel(GexLevelKind Kind, double X, string Label, double LabelY);

/// <summary>
/// What the net-GEX-by-strike chart plots, independent of the plotting library: one bar per strike within
/// <see cref="StrikeBuckets.Window"/> of spot (values divided by <see cref="Scale"/>, whose name is <see cref="Unit"/>),
/// bar width, and the level lines in ascending order with their label heights.
/// </summary>
public sealed record GexChartData(
    string Title,
    string XLabel,
    string YLabel,
    double Scale,
    string Unit,
    double BarWidth,
    IReadOnlyList<GexChartBar> Bars,
    IReadOnlyList<GexChartLevel> Levels)
{
    /// <summary>Labels closer than this fraction of the strike range drop to a lower tier.</summary>
    public const double LabelSpacing = 0.025;

    /// <summary>Each tier lowers a label by this fraction of the y range.</summary>
    public const double TierDrop = 0.3;

    public static GexChartData Build(HedgeProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var spot = profile.Levels.Spot;
        var strikes = StrikeBuckets.InWindow(profile);
        var (scale, unit) = ScaleOf(strikes.Count == 0 ? 0 : strikes.Max(s => Math.Abs(s.NetGexUsdPer1Pct)));
        var bars = strikes.Select(s => new GexChartBar(s.Strike, s.NetGexUsdPer1Pct / scale)).ToList();

        // Labels run vertically down each line from the top of the bars; a label that would touch a neighbour's
        // (closer than LabelSpacing of the strike range) drops to a lower tier.
        var values = bars.Select(b => b.Value).DefaultIfEmpty(0).ToList();
        var (yMin, yMax) = (Math.Min(0, values.Min()), Math.Max(0, values.Max()));
        var yRange = yMax - yMin > 0 ? yMax - yMin : 1;
        var xRange = strikes.Count > 1 ? strikes[^1].Strike - strikes[0].Strike : Math.Max(1, spot * 0.2);
        var levels = profile.Levels;
        (double? Level, GexLevelKind Kind, string Name)[] marks =
        [
            (spot, GexLevelKind.Spot, "spot"),
            (levels.ZeroGamma, GexLevelKind.ZeroGamma, "zero gamma"),
            (levels.CallWall, GexLevelKind.CallWall, "call wall"),
            (levels.PutWall, GexLevelKind.PutWall, "put wall"),
        ];
        var placed = new List<(double X, int Tier)>();
        var lines = new List<GexChartLevel>();
        foreach (var (level, kind, name) in marks.Where(m => m.Level is not null).OrderBy(m => m.Level))
        {
            var x = level!.Value;
            var tier = 0;
            while (placed.Any(p => p.Tier == tier && Math.Abs(p.X - x) < LabelSpacing * xRange))
            {
                tier++;
            }
            placed.Add((x, tier));
            lines.Add(new GexChartLevel(kind, x, $"{name} {GexNumberFormat.Price(x)}", yMax - (tier * TierDrop * yRange)));
        }
        return new GexChartData(
            $"{profile.Symbol} net GEX by strike, as of {profile.AsOf:yyyy-MM-dd HH:mm zzz}",
            "Strike",
            $"Net GEX ({unit} per 1% move)",
            scale,
            unit,
            BarWidthOf(strikes),
            bars,
            lines);
    }

    /// <summary>Divisor and unit name that keep the y-axis tick labels short.</summary>
    private static (double Scale, string Unit) ScaleOf(double maxAbs) =>
        maxAbs >= 1e9 ? (1e9, "USD billions") : maxAbs >= 1e6 ? (1e6, "USD millions") : maxAbs >= 1e3 ? (1e3, "USD thousands") : (1, "USD");

    /// <summary>80% of the smallest gap between adjacent strikes (1% of the strike when there is a single one).</summary>
    private static double BarWidthOf(List<StrikeExposure> strikes)
    {
        var gap = double.PositiveInfinity;
        for (var i = 1; i < strikes.Count; i++)
        {
            gap = Math.Min(gap, strikes[i].Strike - strikes[i - 1].Strike);
        }
        return double.IsFinite(gap) && gap > 0 ? 0.8 * gap : strikes.Count > 0 ? 0.01 * strikes[0].Strike : 1;
    }
}
