using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Data.Tests.Chains.Oracle;

/// <summary>
/// An OCC option symbol: root (1-6 letters plus an optional digit for adjusted series, e.g. SPXW, SPY1), expiry
/// YYMMDD (years 2000-2099), C or P, and the strike as 8 digits in thousandths of a dollar (<c>00612500</c> = 612.5).
/// The padded form with spaces after the root (<c>SPY   240105C00470000</c>) is accepted, and letters in any case.
/// </summary>
internal readonly record struct OracleOccSymbol(string Root, DateOnly Expiry, OptionRight Right, double Strike)
{
    /// <summary>Length of the fixed tail: YYMMDD + C/P + 8 strike digits.</summary>
    private const int TailLength = 15;

    public static bool TryParse(string? text, out OracleOccSymbol symbol)
    {
        symbol = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.AsSpan().Trim();
        if (s.Length <= TailLength)
        {
            return false;
        }
        var tail = s[^TailLength..];
        var root = s[..^TailLength].TrimEnd(' ');
        if (!IsValidRoot(root) || !AllDigits(tail[..6]) || !AllDigits(tail[7..]))
        {
            return false;
        }
        var right = char.ToUpperInvariant(tail[6]) switch
        {
            'C' => OptionRight.Call,
            'P' => OptionRight.Put,
            _ => (OptionRight?)null,
        };
        int year = 2000 + Number(tail[..2]), month = Number(tail[2..4]), day = Number(tail[4..6]);
        if (right is null || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        long thousandths = 0;
        foreach (var c in tail[7..])
        {
            thousandths = (thousandths * 10) + (c - '0');
        }
        symbol = new OracleOccSymbol(root.ToString().ToUpperInvariant(), new DateOnly(year, month, day), right.Value, thousandths / 1000.0);
        return true;
    }

    /// <summary>1-6 ASCII letters, optionally followed by one digit.</summary>
    public static bool IsValidRoot(ReadOnlySpan<char> root)
    {
        var letters = char.IsAsciiDigit(root.IsEmpty ? ' ' : root[^1]) ? root[..^1] : root;
        if (letters.Length is < 1 or > 6)
        {
            return false;
        }
        foreach (var c in letters)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
        {
            n = (n * 10) + (c - '0');
        }
        return n;
    }
}
