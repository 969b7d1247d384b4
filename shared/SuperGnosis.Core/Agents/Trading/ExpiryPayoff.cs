namespace SuperGnosis.Core.Agents.Trading;

/// <summary>
/// Profit at expiry of a position whose option legs all expire together (stock legs allowed):
/// P(S) = sum_i sign_i qty_i m_i payoff_i(S) - cost, cost = sum_i sign_i qty_i m_i fill_i. P is
/// piecewise linear in S with knots at the strikes, so it is evaluated exactly at 0 and at every
/// strike; beyond the last strike its slope is the signed number of calls plus stock shares. Max
/// profit and max loss are the extreme knot values, or unbounded when that slope points that way;
/// breakevens are the exact zeros of each linear segment, including the ray beyond the last strike.
/// </summary>
internal sealed class ExpiryPayoff : IPayoffModel
{
    private readonly PricedLeg[] _legs;
    private readonly double[] _knots;
    private readonly double[] _values;

    public ExpiryPayoff(IReadOnlyList<PricedLeg> legs)
    {
        ArgumentNullException.ThrowIfNull(legs);
        if (legs.Count == 0)
        {
            throw new ArgumentException("a position needs at least one leg", nameof(legs));
        }
        _legs = [.. legs];
        var expiry = default(DateOnly?);
        var cost = 0.0;
        var slope = 0.0;
        var strikes = new List<double>(_legs.Length + 1) { 0 };
        foreach (var leg in _legs)
        {
            if (leg.IsOption)
            {
                if (expiry is { } e && leg.Expiry != e)
                {
                    throw new ArgumentException("all option legs of an expiry payoff must share one expiry", nameof(legs));
                }
                expiry = leg.Expiry;
                strikes.Add(leg.Strike);
                if (leg.Instrument == Contracts.InstrumentType.Call)
                {
                    slope += leg.SignedShares;
                }
            }
            else
            {
                slope += leg.SignedShares;
            }
            cost += leg.SignedShares * leg.Fill;
        }
        Cost = cost;
        SlopeBeyondLastStrike = slope;
        strikes.Sort();
        _knots = [.. strikes.Distinct()];
        _values = new double[_knots.Length];
        for (var i = 0; i < _knots.Length; i++)
        {
            _values[i] = ProfitAt(_knots[i]);
        }
    }

    public double Cost { get; }

    /// <summary>dP/dS for S beyond the largest strike.</summary>
    public double SlopeBeyondLastStrike { get; }

    /// <summary>0 and the distinct strikes, ascending.</summary>
    public IReadOnlyList<double> Knots => _knots;

    public double ProfitAt(double s)
    {
        var value = 0.0;
        foreach (var leg in _legs)
        {
            value += leg.SignedShares * leg.ExpiryValue(s);
        }
        return value - Cost;
    }

    public PayoffSummary Summarize(double stressPrice)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var v in _values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        var slope = SlopeBeyondLastStrike;
        var lossUnbounded = slope < 0;
        double? maxProfit = slope > 0 ? null : max;
        var maxLoss = lossUnbounded ? Math.Max(0, -Math.Min(min, ProfitAt(stressPrice))) : Math.Max(0, -min);
        return new PayoffSummary(Cost, maxLoss, lossUnbounded, maxProfit, Breakevens());
    }

    /// <summary>
    /// Exact breakevens (boundaries of {P &gt; 0}, see <see cref="BreakevenScan"/>): the zero of each crossing
    /// segment, x_i + v_i (x_{i+1} - x_i) / (v_i - v_{i+1}), and of the ray beyond the last strike, x_n - v_n / slope.
    /// </summary>
    public IReadOnlyList<double> Breakevens()
    {
        // The ray beyond the last strike is the last cell, closed by a point where its sign is settled.
        var last = _knots[^1];
        var vLast = _values[^1];
        var slope = SlopeBeyondLastStrike;
        var farX = slope != 0 && vLast != 0 ? last + (2 * Math.Abs(vLast / slope)) + 1 : last + 1;
        var farV = slope == 0 ? vLast : Math.Sign(slope) * Math.Max(Math.Abs(vLast), 1);
        double[] x = [.. _knots, farX];
        // Values within rounding of zero (1e-12 of the position's notional) are zero: a plateau stays a plateau.
        var tolerance = BreakevenScan.ZeroTolerance(_legs);
        double[] v = [.. _values.Select(value => Math.Abs(value) <= tolerance ? 0 : value), farV];
        return BreakevenScan.Boundaries(x, v, i => i == _knots.Length - 1
            ? last - (v[i] / slope)
            : x[i] + (v[i] * (x[i + 1] - x[i]) / (v[i] - v[i + 1])));
    }
}
