namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>One bucket of adjacent strikes, its summed net GEX (USD per 1% move) and the levels marked on it.</summary>
public sealed record StrikeBucket(double Low, double High, double NetGexUsdPer1Pct, IReadOnlyList<string> Marks)
{
    /// <summary>"430" for one strike, "430-432" for a range (prices by <see cref="GexNumberFormat.Price"/>).</summary>
    public string Label => Low == High ? GexNumberFormat.Price(Low) : $"{GexNumberFormat.Price(Low)}-{GexNumberFormat.Price(High)}";
}

/// <summary>
/// Net GEX by strike near spot for a chart: the strikes within <see cref="Window"/> of spot in ascending order, summed
/// in groups of adjacent strikes so that there are at most <see cref="MaxRows"/> buckets, each level (spot, zero
/// gamma, walls, abs gamma strike) marked on the nearest bucket when it lies within one bucket's span of the range.
/// </summary>
public static class StrikeBuckets
{
    /// <summary>Strikes shown: within this fraction of spot.</summary>
    public const double Window = 0.10;

    /// <summary>At most this many buckets; adjacent strikes are summed into one beyond it.</summary>
    public const int MaxRows = 40;

    /// <summary>The strikes of <paramref name="profile"/> within <see cref="Window"/> of its spot, ascending.</summary>
    public static List<StrikeExposure> InWindow(HedgeProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var spot = profile.Levels.Spot;
        return [.. profile.ByStrike.Where(s => Math.Abs(s.Strike - spot) <= Window * spot).OrderBy(s => s.Strike)];
    }

    /// <summary>The buckets with their level marks; empty when no strike is within the window.</summary>
    public static IReadOnlyList<StrikeBucket> Build(HedgeProfile profile)
    {
        var inWindow = InWindow(profile);
        var group = Math.Max(1, (inWindow.Count + MaxRows - 1) / MaxRows);
        var ranges = new List<(double Low, double High, double Net)>();
        for (var i = 0; i < inWindow.Count; i += group)
        {
            var chunk = inWindow.Skip(i).Take(group).ToList();
            ranges.Add((chunk[0].Strike, chunk[^1].Strike, chunk.Sum(s => s.NetGexUsdPer1Pct)));
        }
        var marks = ranges.Select(_ => new List<string>()).ToArray();
        void Mark(double? level, string label)
        {
            if (level is not { } value || ranges.Count == 0)
            {
                return;
            }
            var nearest = -1;
            var best = double.PositiveInfinity;
            for (var i = 0; i < ranges.Count; i++)
            {
                var distance = value < ranges[i].Low ? ranges[i].Low - value : value > ranges[i].High ? value - ranges[i].High : 0;
                if (distance < best)
                {
                    (best, nearest) = (distance, i);
                }
            }
            // Only mark levels that fall inside the charted range (or within one bucket of it).
            var span = ranges.Count > 1 ? (ranges[^1].High - ranges[0].Low) / (ranges.Count - 1) : Math.Abs(value) * 0.01;
            if (best <= span)
            {
                marks[nearest].Add(label);
            }
        }
        var levels = profile.Levels;
        Mark(levels.Spot, "spot " + GexNumberFormat.Price(levels.Spot));
        Mark(levels.ZeroGamma, levels.ZeroGamma is { } z ? "zero gamma " + GexNumberFormat.Price(z) : string.Empty);
        Mark(levels.CallWall, "call wall");
        Mark(levels.PutWall, "put wall");
        Mark(levels.AbsGammaStrike, "abs gamma");
        return [.. ranges.Select((r, i) => new StrikeBucket(r.Low, r.High, r.Net, marks[i]))];
    }
}
