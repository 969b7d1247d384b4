using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Options;

/// <summary>Price and Greeks of an American option (per share; units as in <see cref="OptionGreeks"/>).</summary>
public readonly record struct AmericanGreeks(double Price, double Delta, double Gamma, double Vega, double Theta, double Rho)
{
    /// <summary>d delta / d sigma (central difference of tree deltas).</summary>
    public double Vanna { get; init; }

    /// <summary>d delta / dt per year, calendar time passing (= -d delta / dT).</summary>
    public double Charm { get; init; }

    /// <summary>d vega / d sigma (second difference of tree prices).</summary>
    public double Vomma { get; init; }

    /// <summary>Early-exercise premium = American minus European price (never negative).</summary>
    public double EarlyExercisePremium { get; init; }
}

/// <summary>
/// American options on a stock or ETF with continuous dividend yield q, by Leisen-Reimer binomial
/// trees (Peizer-Pratt inversion, method 2, odd step count) with a European control variate,
/// V = V_tree,American + (V_BSM - V_tree,European) (both trees share nodes, the BSM value is exact),
/// Richardson-extrapolated over n and n/2 steps (errors of LR American trees are close to c/n). Delta and gamma come from the tree's first two levels with the same control variate; vega,
/// theta and rho are central differences of the control-variate price. A call with q &lt;= 0 is never
/// exercised early, so it is priced exactly by BSM. Accuracy against a 10,001-step reference is
/// documented in docs/options-math.md. Scalar APIs validate (throw); the batch never throws.
/// </summary>
public static class AmericanOption
{
    /// <summary>Default number of steps of the finer tree (odd, as Leisen-Reimer requires); the coarser one has 51.</summary>
    public const int DefaultSteps = 101;

    /// <summary>American price per share. Throws <see cref="ArgumentOutOfRangeException"/> for invalid arguments.</summary>
    public static double Price(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol, int steps = DefaultSteps)
    {
        Validate(spot, strike, tYears, rate, div, vol, steps);
        return Tree(right, spot, strike, tYears, rate, div, vol, steps, out _, out _).Price;
    }

    /// <summary>
    /// Price and Greeks: delta and gamma from the tree, vega / theta / rho by central differences of the
    /// control-variate price (bumps: 1% of sigma, min(T/50, 1 day) of T, 1 bp of r); vanna and charm
    /// are central differences of the tree delta in sigma and T, vomma the second difference in sigma.
    /// </summary>
    public static AmericanGreeks Greeks(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol, int steps = DefaultSteps)
    {
        Validate(spot, strike, tYears, rate, div, vol, steps);
        var center = Tree(right, spot, strike, tYears, rate, div, vol, steps, out _, out var european);
        TreeResult At(double t, double r, double v) => Tree(right, spot, strike, t, r, div, v, steps, out _, out _);
        var dv = 0.01 * vol;
        var volUp = At(tYears, rate, vol + dv);
        var volDown = At(tYears, rate, vol - dv);
        var vega = (volUp.Price - volDown.Price) / (2 * dv);
        var dt = Math.Min(tYears / 50, 1.0 / 365);
        var later = At(tYears + dt, rate, vol);
        var sooner = At(tYears - dt, rate, vol);
        var theta = -(later.Price - sooner.Price) / (2 * dt);
        const double dr = 1e-4;
        var rho = (At(tYears, rate + dr, vol).Price - At(tYears, rate - dr, vol).Price) / (2 * dr);
        return new AmericanGreeks(center.Price, center.Delta, center.Gamma, vega, theta, rho)
        {
            EarlyExercisePremium = Math.Max(center.Price - european, 0),
            Vanna = (volUp.Delta - volDown.Delta) / (2 * dv),
            Charm = -(later.Delta - sooner.Delta) / (2 * dt),
            Vomma = (volUp.Price - (2 * center.Price) + volDown.Price) / (dv * dv),
        };
    }

    /// <summary>
    /// Implied volatility from an American price: Brent's method on sigma -> tree price - price, bracketed
    /// in [1e-4, 20] and started around the European implied volatility of the same price (an upper
    /// bound, since the American value exceeds the European). Statuses as for European IV; the
    /// intrinsic floor is max(immediate exercise, 0) and the upper bound S (call) or K (put).
    /// </summary>
    public static ImpliedVolResult ImpliedVolatility(OptionRight right, double price, double spot, double strike, double tYears, double rate, double div, int steps = DefaultSteps)
    {
        var status = BlackScholes.Check(spot, strike, tYears, rate, div, 1);
        if (!double.IsFinite(price))
        {
            status = OptionStatus.NonFiniteInput;
        }
        if (status != OptionStatus.Ok)
        {
            return ImpliedVolResult.Fail(status);
        }
        if (!(price > 0))
        {
            return ImpliedVolResult.Fail(OptionStatus.NonPositivePrice);
        }
        var isCall = right == OptionRight.Call;
        if (price >= (isCall ? spot : strike))
        {
            return ImpliedVolResult.Fail(OptionStatus.PriceAboveMaximum);
        }
        const double lo = 1e-4, hi = 20;
        double F(double v) => Tree(right, spot, strike, tYears, rate, div, v, steps, out _, out _).Price - price;
        var fLo = F(lo);
        if (fLo >= 0)
        {
            // The price is at or below the value at (almost) zero volatility: no time value to invert.
            return ImpliedVolResult.Fail(OptionStatus.PriceBelowIntrinsic);
        }
        var fHi = F(hi);
        if (fHi <= 0)
        {
            return ImpliedVolResult.Fail(OptionStatus.PriceAboveMaximum);
        }
        // Narrow the bracket around the European implied volatility when it exists.
        double a = lo, fa = fLo, b = hi, fb = fHi;
        var european = Options.ImpliedVolatility.European(right, price, spot, strike, tYears, rate, div);
        if (european.IsOk && european.Volatility > lo && european.Volatility < hi)
        {
            var guessHigh = european.Volatility;
            var fGuess = F(guessHigh);
            if (fGuess >= 0)
            {
                (b, fb) = (guessHigh, fGuess);
                var guessLow = 0.9 * guessHigh;
                var fLow = guessLow > lo ? F(guessLow) : fLo;
                if (fLow < 0 && guessLow > lo)
                {
                    (a, fa) = (guessLow, fLow);
                }
            }
            else
            {
                (a, fa) = (guessHigh, fGuess);
            }
        }
        var (root, iterations, converged) = Brent(F, a, fa, b, fb, 1e-12);
        return converged ? new ImpliedVolResult(OptionStatus.Ok, root, iterations) : ImpliedVolResult.Fail(OptionStatus.NotConverged);
    }

    /// <summary>Brent's method (R. P. Brent, Algorithms for Minimization without Derivatives, 1973, ch. 4) on a bracket with f(a) f(b) &lt; 0.</summary>
    private static (double Root, int Iterations, bool Converged) Brent(Func<double, double> f, double a, double fa, double b, double fb, double tolerance)
    {
        if (Math.Abs(fa) < Math.Abs(fb))
        {
            (a, b, fa, fb) = (b, a, fb, fa);
        }
        double c = a, fc = fa, d = b - a, e = d;
        for (var i = 1; i <= 200; i++)
        {
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0))
            {
                (c, fc) = (a, fa);
                d = e = b - a;
            }
            if (Math.Abs(fc) < Math.Abs(fb))
            {
                (a, b, c) = (b, c, b);
                (fa, fb, fc) = (fb, fc, fb);
            }
            var tol = (2 * 2.220446049250313e-16 * Math.Abs(b)) + (0.5 * tolerance);
            var m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0)
            {
                return (b, i, true);
            }
            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                double p, q, r;
                var s = fb / fa;
                if (a == c)
                {
                    p = 2 * m * s;
                    q = 1 - s;
                }
                else
                {
                    q = fa / fc;
                    r = fb / fc;
                    p = s * ((2 * m * q * (q - r)) - ((b - a) * (r - 1)));
                    q = (q - 1) * (r - 1) * (s - 1);
                }
                if (p > 0)
                {
                    q = -q;
                }
                else
                {
                    p = -p;
                }
                if (2 * p < Math.Min((3 * m * q) - Math.Abs(tol * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = m;
                    e = m;
                }
            }
            else
            {
                d = m;
                e = m;
            }
            (a, fa) = (b, fb);
            b += Math.Abs(d) > tol ? d : (m > 0 ? tol : -tol);
            fb = f(b);
        }
        return (b, 200, false);
    }

    private static void Validate(double spot, double strike, double tYears, double rate, double div, double vol, int steps)
    {
        BlackScholes.Validate(spot, strike, tYears, rate, div, vol);
        if (steps < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be at least 3");
        }
    }

    /// <summary>Tree output; <paramref name="Exact"/> marks a closed-form value (call with q &lt;= 0, or a collapsed tree).</summary>
    internal readonly record struct TreeResult(double Price, double Delta, double Gamma, bool Exact = false);

    /// <summary>
    /// Richardson-extrapolated Leisen-Reimer value: the trees with n2 = steps (odd) and n1 = n2/2 (odd)
    /// steps have errors close to c/n, so V = (n2 V_n2 - n1 V_n1) / (n2 - n1) removes the leading term;
    /// then the no-arbitrage floors and the delta clamp are applied. Assumes valid inputs.
    /// </summary>
    internal static TreeResult Tree(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol, int steps,
        out double europeanTreePrice, out double europeanBsmPrice)
    {
        var n2 = steps | 1;
        var n1 = (n2 / 2) | 1;
        var fine = RawTree(right, spot, strike, tYears, rate, div, vol, n2, out europeanTreePrice, out europeanBsmPrice);
        var coarse = RawTree(right, spot, strike, tYears, rate, div, vol, n1, out _, out _);
        if (coarse.Exact || fine.Exact)
        {
            return Finish(right == OptionRight.Call, spot, strike, europeanBsmPrice, coarse.Exact ? coarse : fine);
        }
        var w2 = (double)n2 / (n2 - n1);
        var w1 = (double)n1 / (n2 - n1);
        var extrapolated = new TreeResult((w2 * fine.Price) - (w1 * coarse.Price), (w2 * fine.Delta) - (w1 * coarse.Delta), (w2 * fine.Gamma) - (w1 * coarse.Gamma));
        return Finish(right == OptionRight.Call, spot, strike, europeanBsmPrice, extrapolated);
    }

    /// <summary>Floors V &gt;= max(immediate exercise, European BSM) and clamps delta to [0, 1] (call) or [-1, 0] (put).</summary>
    internal static TreeResult Finish(bool isCall, double spot, double strike, double europeanBsmPrice, TreeResult raw)
    {
        var exercise = (isCall ? 1 : -1) * (spot - strike);
        var price = Math.Max(raw.Price, Math.Max(exercise, europeanBsmPrice));
        var delta = Math.Clamp(raw.Delta, isCall ? 0 : -1, isCall ? 1 : 0);
        return new TreeResult(price, delta, raw.Gamma);
    }

    /// <summary>One Leisen-Reimer tree with the European control variate (no floors). Assumes valid inputs.</summary>
    internal static TreeResult RawTree(OptionRight right, double spot, double strike, double tYears, double rate, double div, double vol, int steps,
        out double europeanTreePrice, out double europeanBsmPrice)
    {
        var n = steps | 1;
        var isCall = right == OptionRight.Call;
        var bsm = BlackScholes.GreeksUnchecked(right, spot, strike, tYears, rate, div, vol);
        europeanBsmPrice = bsm.Price;
        if (isCall && div <= 0)
        {
            europeanTreePrice = bsm.Price;
            return new TreeResult(bsm.Price, bsm.Delta, bsm.Gamma, Exact: true);
        }
        var dt = tYears / n;
        var sqrtT = Math.Sqrt(tYears);
        var d1 = (BlackScholes.LogMoneyness(spot, strike) + ((rate - div + (0.5 * vol * vol)) * tYears)) / (vol * sqrtT);
        var d2 = d1 - (vol * sqrtT);
        var p = PeizerPratt(d2, n);
        var pPrime = PeizerPratt(d1, n);
        if (IsDegenerate(p))
        {
            europeanTreePrice = bsm.Price;
            return Degenerate(isCall, spot, strike, bsm.Price, bsm.Delta, bsm.Gamma);
        }
        var growth = Math.Exp((rate - div) * dt);
        var up = growth * pPrime / p;
        var down = (growth - (p * up)) / (1 - p);
        var disc = Math.Exp(-rate * dt);
        var pu = disc * p;
        var pd = disc * (1 - p);
        var sign = isCall ? 1.0 : -1.0;

        Span<double> am = n < 4000 ? stackalloc double[n + 1] : new double[n + 1];
        Span<double> eu = n < 4000 ? stackalloc double[n + 1] : new double[n + 1];
        Span<double> st = n < 4000 ? stackalloc double[n + 1] : new double[n + 1];
        var ratio = up / down;
        var sj = spot * Math.Pow(down, n);
        for (var j = 0; j <= n; j++)
        {
            st[j] = sj;
            var payoff = Math.Max(sign * (sj - strike), 0);
            am[j] = payoff;
            eu[j] = payoff;
            sj *= ratio;
        }
        var invDown = 1 / down;
        double am1Up = 0, am1Down = 0, eu1Up = 0, eu1Down = 0, am2Up = 0, am2Mid = 0, am2Down = 0, eu2Up = 0, eu2Mid = 0, eu2Down = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = 0; j <= i; j++)
            {
                // S at level i, node j = S at level i+1, node j, divided by d.
                var s = st[j] * invDown;
                st[j] = s;
                var cont = (pu * am[j + 1]) + (pd * am[j]);
                am[j] = Math.Max(cont, sign * (s - strike));
                eu[j] = (pu * eu[j + 1]) + (pd * eu[j]);
            }
            if (i == 2)
            {
                (am2Down, am2Mid, am2Up, eu2Down, eu2Mid, eu2Up) = (am[0], am[1], am[2], eu[0], eu[1], eu[2]);
            }
            else if (i == 1)
            {
                (am1Down, am1Up, eu1Down, eu1Up) = (am[0], am[1], eu[0], eu[1]);
            }
        }
        europeanTreePrice = eu[0];
        var price = am[0] + (bsm.Price - eu[0]);
        var su = spot * up;
        var sd = spot * down;
        var deltaTree = (am1Up - am1Down) / (su - sd);
        var deltaEuTree = (eu1Up - eu1Down) / (su - sd);
        var suu = su * up;
        var sud = su * down;
        var sdd = sd * down;
        double Gamma(double vUp, double vMid, double vDown) =>
            (((vUp - vMid) / (suu - sud)) - ((vMid - vDown) / (sud - sdd))) / (0.5 * (suu - sdd));
        var gamma = Gamma(am2Up, am2Mid, am2Down) + (bsm.Gamma - Gamma(eu2Up, eu2Mid, eu2Down));
        return new TreeResult(price, deltaTree + (bsm.Delta - deltaEuTree), gamma);
    }

    /// <summary>
    /// A tree probability of (numerically) 0 or 1 means the option is so far from the money (|d2| of
    /// order sqrt(n) * 6 or more) that the tree collapses; then the value is max(immediate exercise, BSM).
    /// </summary>
    internal static bool IsDegenerate(double p) => !(p > 1e-9 && p < 1 - 1e-9);

    internal static TreeResult Degenerate(bool isCall, double spot, double strike, double bsmPrice, double bsmDelta, double bsmGamma)
    {
        var exercise = (isCall ? 1 : -1) * (spot - strike);
        return exercise > bsmPrice
            ? new TreeResult(exercise, isCall ? 1 : -1, 0, Exact: true)
            : new TreeResult(bsmPrice, bsmDelta, bsmGamma, Exact: true);
    }

    /// <summary>Peizer-Pratt inversion (method 2) of the normal CDF for n steps.</summary>
    internal static double PeizerPratt(double z, int n)
    {
        var a = z / (n + (1.0 / 3) + (0.1 / (n + 1)));
        var root = Math.Sqrt(0.25 - (0.25 * Math.Exp(-(a * a) * (n + (1.0 / 6)))));
        return z >= 0 ? 0.5 + root : 0.5 - root;
    }
}
