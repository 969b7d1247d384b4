using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Files;

/// <summary>
/// Adjusts raw daily bars for recorded splits (docs/data-formats.md, "Splits"). A split applies only when its first
/// session has opened by the as-of (later splits are unknown then). Vendors deliver raw or already adjusted bars; the
/// gap decides, split by split: with g = last close before the split / first open from it, the bars are raw when g is
/// nearer the ratio than 1 (<c>|g / ratio - 1| &lt; |g - 1|</c>), and then every bar before the split has its prices
/// divided by the ratio and its volume multiplied by it. Already adjusted bars (g near 1) and splits without bars on
/// both sides are left as they are.
/// </summary>
internal static class SplitAdjustment
{
    public static Bar[] Apply(IReadOnlyList<DatedBar> bars, IReadOnlyList<RecordedSplit> splits, IMarketCalendar calendar, DateTimeOffset asOf)
    {
        var result = bars.Select(b => b.Bar).ToArray();
        foreach (var split in splits)
        {
            if (calendar.OpenOf(split.Date) > asOf)
            {
                continue;
            }
            var first = -1;
            for (var i = 0; i < bars.Count; i++)
            {
                if (bars[i].Date >= split.Date)
                {
                    first = i;
                    break;
                }
            }
            if (first <= 0)
            {
                continue;
            }
            // The raw gap: other splits scale both of its bars alike or neither, so the order of the splits does not matter.
            var gap = bars[first - 1].Bar.Close / bars[first].Bar.Open;
            if (!(Math.Abs(gap / split.Ratio - 1) < Math.Abs(gap - 1)))
            {
                continue;
            }
            for (var i = 0; i < first; i++)
            {
                var b = result[i];
                result[i] = new Bar(b.Timestamp, b.Open / split.Ratio, b.High / split.Ratio, b.Low / split.Ratio, b.Close / split.Ratio, b.Volume * split.Ratio);
            }
        }
        return result;
    }
}
