using System.Globalization;
using System.Text.RegularExpressions;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Chains;

/// <summary>
/// An OCC option symbol: root (1-6 letters plus an optional digit for adjusted series, e.g. SPXW, SPY1), expiry
/// YYMMDD, C or P, and the strike as 8 digits in thousandths of a dollar (<c>00612500</c> = 612.5). The padded
/// form with spaces after the root (<c>SPY   240105C00470000</c>) is accepted as well.
/// </summary>
public readonly partial record struct OccSymbol(string Root, DateOnly Expiry, OptionRight Right, double Strike)
{
    [GeneratedRegex(@"^([A-Z]{1,6}[0-9]?)([0-9]{6})([CP])([0-9]{8})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out OccSymbol symbol)
    {
        symbol = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var match = Pattern().Match(text.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant());
        if (!match.Success
            || !DateOnly.TryParseExact(match.Groups[2].Value, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiry))
        {
            return false;
        }
        var thousandths = long.Parse(match.Groups[4].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        symbol = new OccSymbol(
            match.Groups[1].Value,
            expiry,
            match.Groups[3].Value == "C" ? OptionRight.Call : OptionRight.Put,
            thousandths / 1000.0);
        return true;
    }
}
