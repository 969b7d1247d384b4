using System.Globalization;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// A one-line sparkline of a trade idea's profit at expiry across underlying prices, from its legs and
/// cost: profit(S) = sum(sign * qty * multiplier * intrinsic(S)) + stock legs' sign * qty * S - cost.
/// Only for single-expiry ideas (a calendar's value at the front expiry depends on the back leg's price).
/// </summary>
internal static class PayoffSketch
{
    private const string Levels = "▁▂▃▄▅▆▇█";
    private const int Width = 24;

    public static string Render(TradeIdea idea, double multiplier = 100)
    {
        var expiries = idea.Legs.Where(l => l.IsOption).Select(l => l.Expiry).Distinct().Count();
        if (expiries > 1)
        {
            return "(multi-expiry: see breakevens)";
        }
        var anchors = idea.Legs.Where(l => l.Strike is not null).Select(l => l.Strike!.Value).Concat(idea.BreakevenLevels).ToList();
        if (anchors.Count == 0)
        {
            return string.Empty;
        }
        var low = anchors.Min() * 0.9;
        var high = anchors.Max() * 1.1;
        var values = new double[Width];
        for (var i = 0; i < Width; i++)
        {
            values[i] = ProfitAt(idea, low + ((high - low) * i / (Width - 1)), multiplier);
        }
        var min = values.Min();
        var max = values.Max();
        var chars = values.Select(v => max > min ? Levels[(int)Math.Round((v - min) / (max - min) * (Levels.Length - 1))] : Levels[0]);
        return $"{F(low)} {string.Concat(chars)} {F(high)}";
    }

    public static double ProfitAt(TradeIdea idea, double price, double multiplier)
    {
        double value = 0;
        foreach (var leg in idea.Legs)
        {
            value += leg.Sign * leg.Qty * leg.InstrumentType switch
            {
                InstrumentType.Call => multiplier * Math.Max(0, price - leg.Strike!.Value),
                InstrumentType.Put => multiplier * Math.Max(0, leg.Strike!.Value - price),
                _ => price,
            };
        }
        return value - idea.CostPerUnit;
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
