namespace SuperGnosis.Core.MarketData;

/// <summary>
/// Exercise style and settlement of a US-listed option from its OCC root (docs/data-formats.md, "Contract terms"):
/// <list type="bullet">
/// <item>AM-settled, European (cash-settled index options whose value is the special opening quotation of the
/// expiry date): SPX, NDX, RUT (the standard third-Friday roots), DJX, VIX, VIXW;</item>
/// <item>PM-settled, European (cash-settled index options settled on the close): SPXW, SPXPM, NDXP, RUTW, XSP, XND, MRUT;</item>
/// <item>everything else, i.e. equity and ETF options (SPY, QQQ, AAPL, adjusted roots such as SPY1): American, PM.</item>
/// </list>
/// Matching is case-insensitive on the whole root.
/// </summary>
public static class OptionContractTerms
{
    private static readonly HashSet<string> AmEuropean = new(["SPX", "NDX", "RUT", "DJX", "VIX", "VIXW"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> PmEuropean = new(["SPXW", "SPXPM", "NDXP", "RUTW", "XSP", "XND", "MRUT"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> WeeklySeries = new(["SPXW", "SPXPM", "NDXP", "RUTW"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// True for the PM-settled roots that list the non-standard (weekly, end-of-month, PM) expiries of an index whose
    /// standard monthly is AM-settled under another root: SPXW and SPXPM (beside SPX), NDXP (NDX), RUTW (RUT). A contract
    /// of such a root is never the standard monthly, even on the monthly expiry date.
    /// </summary>
    public static bool IsWeeklySeriesRoot(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return WeeklySeries.Contains(root);
    }

    /// <summary>Style and settlement for a root (or, when a file names no root, the chain symbol).</summary>
    public static (ExerciseStyle Style, OptionSettlement Settlement) ForRoot(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return AmEuropean.Contains(root) ? (ExerciseStyle.European, OptionSettlement.Am)
            : PmEuropean.Contains(root) ? (ExerciseStyle.European, OptionSettlement.Pm)
            : (ExerciseStyle.American, OptionSettlement.Pm);
    }
}
