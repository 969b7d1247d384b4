using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// Probability of profit under the chain's implied distribution: S_T lognormal with risk-neutral
/// drift, ln S_T ~ N(ln S + (r - q - sigma^2/2) T, sigma^2 T), sigma = ATM implied vol of the
/// valuation expiry. The breakevens split (0, inf) into intervals on which the profit keeps one sign;
/// the probability is the sum of P(a &lt; S_T &lt; b) over the intervals where the profit (tested at an
/// interior point) is positive.
/// </summary>
internal static class ProfitProbability
{
    public static double Compute(IPayoffModel payoff, IReadOnlyList<double> breakevens, double spot, double rate, double div, double sigma, double years)
    {
        ArgumentNullException.ThrowIfNull(payoff);
        ArgumentNullException.ThrowIfNull(breakevens);
        if (!(spot > 0) || !(sigma > 0) || !(years > 0) || !double.IsFinite(sigma) || !double.IsFinite(years))
        {
            return double.NaN;
        }
        var total = 0.0;
        var lower = 0.0;
        for (var i = 0; i <= breakevens.Count; i++)
        {
            var upper = i < breakevens.Count ? breakevens[i] : double.PositiveInfinity;
            if (upper <= lower)
            {
                continue;
            }
            var probe = double.IsPositiveInfinity(upper) ? (lower > 0 ? 2 * lower : spot) : 0.5 * (lower + upper);
            if (payoff.ProfitAt(probe) > 0)
            {
                total += Cdf(upper, spot, rate, div, sigma, years) - Cdf(lower, spot, rate, div, sigma, years);
            }
            lower = upper;
        }
        return Math.Clamp(total, 0, 1);
    }

    /// <summary>P(S_T &lt;= x) under the lognormal risk-neutral law.</summary>
    public static double Cdf(double x, double spot, double rate, double div, double sigma, double years)
    {
        if (x <= 0)
        {
            return 0;
        }
        if (double.IsPositiveInfinity(x))
        {
            return 1;
        }
        var sd = sigma * Math.Sqrt(years);
        var z = (Math.Log(x / spot) - ((rate - div - (0.5 * sigma * sigma)) * years)) / sd;
        return BlackScholes.NormCdf(z);
    }
}
