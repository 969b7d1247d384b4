using System.Globalization;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>Market inputs shared by every row of a batch: continuous rate and dividend yield, the valuation instant
/// (needed only for rows that give an expiry date) and the exercise style.</summary>
public sealed record GreeksBatchSettings(double Rate, double Div, DateTimeOffset? AsOf, bool American);

/// <summary>
/// One option row as text, the way a CSV gives it: <see cref="Type"/> C/CALL/P/PUT (any case); <see cref="TYears"/>
/// (year fraction) or else <see cref="Expiry"/> (YYYY-MM-DD, settled at the 16:00 New York close); <see cref="Price"/>
/// (solve the implied vol) or else <see cref="Iv"/>. Empty means absent.
/// </summary>
public readonly record struct GreeksRowText(string Type, string Strike, string Spot, string TYears, string Expiry, string Price, string Iv);

/// <summary>
/// The result of one row: <see cref="Status"/> "ok" or a reason (bad_type, bad_strike, bad_spot, bad_t_years,
/// bad_expiry, missing_as_of, missing_time, bad_price, bad_iv, iv_looks_like_percent, missing_price_or_iv,
/// non_finite_result (an input so extreme that a price or Greek overflows), or an
/// <see cref="OptionStatus"/> text such as price_below_intrinsic); numbers are NaN when it is not ok.
/// Greeks are in mathematical units: vega and vomma per 1.00 vol, rho per 1.00 rate, theta = dV/dt per year,
/// charm = -d delta/dT per year.
/// </summary>
public readonly record struct GreeksRowResult(
    string Status, double Iv, double Price, double Delta, double Gamma, double Vega, double Theta, double Rho, double Vanna,
    double Charm, double Vomma)
{
    public const string OkStatus = "ok";

    /// <summary>Computed column names, in output order; the values of <see cref="Values"/> then <see cref="Status"/>.</summary>
    public static readonly IReadOnlyList<string> ColumnNames =
    [
        "iv", "price", "delta", "gamma", "vega", "theta", "rho", "vanna", "charm", "vomma",
        "vega_per_pct", "theta_per_day", "charm_per_day", "status",
    ];

    public bool IsOk => Status == OkStatus;

    public static GreeksRowResult Failed(string status) => new(status, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
        double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>The numeric columns of <see cref="ColumnNames"/>: the Greeks, then vega per vol point (vega / 100),
    /// theta per calendar day (theta / 365) and charm per calendar day (charm / 365).</summary>
    public double[] Values() =>
        [Iv, Price, Delta, Gamma, Vega, Theta, Rho, Vanna, Charm, Vomma, Vega / 100, Theta / 365, Charm / 365];
}

/// <summary>Implied volatility (from a price) or price (from a vol) and the Greeks of one option row, European
/// (Black-Scholes-Merton) or American (see docs/options-math.md).</summary>
public static class OptionRowPricer
{
    public static GreeksRowResult Compute(in GreeksRowText row, GreeksBatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        OptionRight right;
        switch (row.Type.ToUpperInvariant())
        {
            case "C" or "CALL":
                right = OptionRight.Call;
                break;
            case "P" or "PUT":
                right = OptionRight.Put;
                break;
            default:
                return GreeksRowResult.Failed("bad_type");
        }
        if (!TryNumber(row.Strike, out var strike))
        {
            return GreeksRowResult.Failed("bad_strike");
        }
        if (!TryNumber(row.Spot, out var spot))
        {
            return GreeksRowResult.Failed("bad_spot");
        }
        double t;
        if (row.TYears.Length > 0)
        {
            if (!TryNumber(row.TYears, out t))
            {
                return GreeksRowResult.Failed("bad_t_years");
            }
        }
        else if (row.Expiry.Length > 0)
        {
            if (!DateOnly.TryParseExact(row.Expiry, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiry))
            {
                return GreeksRowResult.Failed("bad_expiry");
            }
            if (settings.AsOf is not { } asOf)
            {
                return GreeksRowResult.Failed("missing_as_of");
            }
            t = YearFraction.ToExpiry(asOf, expiry);
        }
        else
        {
            return GreeksRowResult.Failed("missing_time");
        }

        double iv;
        if (row.Price.Length > 0)
        {
            if (!TryNumber(row.Price, out var marketPrice))
            {
                return GreeksRowResult.Failed("bad_price");
            }
            var solved = settings.American
                ? AmericanOption.ImpliedVolatility(right, marketPrice, spot, strike, t, settings.Rate, settings.Div)
                : ImpliedVolatility.European(right, marketPrice, spot, strike, t, settings.Rate, settings.Div);
            if (!solved.IsOk)
            {
                return GreeksRowResult.Failed(solved.Status.ToText());
            }
            iv = solved.Volatility;
        }
        else if (row.Iv.Length > 0)
        {
            if (!TryNumber(row.Iv, out iv))
            {
                return GreeksRowResult.Failed("bad_iv");
            }
            if (iv > MaxDecimalIv)
            {
                return GreeksRowResult.Failed("iv_looks_like_percent");
            }
        }
        else
        {
            return GreeksRowResult.Failed("missing_price_or_iv");
        }

        var check = BlackScholes.Check(spot, strike, t, settings.Rate, settings.Div, iv);
        if (check != OptionStatus.Ok)
        {
            return GreeksRowResult.Failed(check.ToText());
        }
        if (settings.American)
        {
            var a = AmericanOption.Greeks(right, spot, strike, t, settings.Rate, settings.Div, iv);
            return Finite(new GreeksRowResult(GreeksRowResult.OkStatus, iv, a.Price, a.Delta, a.Gamma, a.Vega, a.Theta, a.Rho, a.Vanna, a.Charm, a.Vomma));
        }
        var g = BlackScholes.Greeks(right, spot, strike, t, settings.Rate, settings.Div, iv);
        return Finite(new GreeksRowResult(GreeksRowResult.OkStatus, iv, g.Price, g.Delta, g.Gamma, g.Vega, g.Theta, g.Rho, g.Vanna, g.Charm, g.Vomma));
    }

    /// <summary>
    /// The largest volatility a row may give in its <c>iv</c> column (500%, as the decimal 5.0). Above it the value is
    /// taken as given in percent (50 for 50%) and the row fails with <c>iv_looks_like_percent</c> rather than being priced
    /// at 5000% vol.
    /// </summary>
    public const double MaxDecimalIv = 5.0;

    /// <summary>An ok result whose numbers are all finite; otherwise (extreme inputs overflow) the failed row
    /// <c>non_finite_result</c>, so an ok row never carries NaN or Infinity.</summary>
    private static GreeksRowResult Finite(GreeksRowResult result)
    {
        foreach (var value in result.Values())
        {
            if (!double.IsFinite(value))
            {
                return GreeksRowResult.Failed("non_finite_result");
            }
        }
        return result;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
