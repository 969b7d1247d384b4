using System.Globalization;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>Short, invariant-culture number texts of the GEX views (CLI text, chart labels, dashboard).</summary>
public static class GexNumberFormat
{
    /// <summary>Up to 3 decimals below 1000, 2 from 1000: 431.023, 4697.24.</summary>
    public static string Price(double value) => value.ToString(Math.Abs(value) >= 1000 ? "0.##" : "0.###", CultureInfo.InvariantCulture);

    /// <summary>Signed percent with 2 decimals: +2.08%, -0.65%, 0.00%.</summary>
    public static string Percent(double value) => value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>Compact signed dollars: 1.23B, -456.7M, 12.3K.</summary>
    public static string Usd(double value)
    {
        var a = Math.Abs(value);
        var (scaled, suffix) = a >= 1e9 ? (value / 1e9, "B") : a >= 1e6 ? (value / 1e6, "M") : a >= 1e3 ? (value / 1e3, "K") : (value, string.Empty);
        return scaled.ToString("0.##", CultureInfo.InvariantCulture) + suffix;
    }

    /// <summary>Three decimals: ratios, shares and confidence.</summary>
    public static string Ratio(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
