using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Options;

public class ImpliedVolatilityTests
{
    [Fact]
    public void Hull_example_implied_volatility()
    {
        // Hull, section 15.11: a call with S=21, K=20, r=10%, T=0.25 priced 1.875 has an implied volatility of 0.235.
        var result = ImpliedVolatility.European(OptionRight.Call, 1.875, 21, 20, 0.25, 0.10, 0);
        Assert.Equal(OptionStatus.Ok, result.Status);
        Assert.Equal(0.235, result.Volatility, 3);
    }

    /// <summary>
    /// Dense round trip: sigma in [0.01, 3], T in [1 hour, 5 years], ln(K/F) = z sigma sqrt(T) for z in
    /// [-6, 6]. For the out-of-the-money option (whose price is all time value) the recovered sigma is
    /// within 1e-12 relative wherever the price exceeds 1e-12 of spot. For the in-the-money option the
    /// price also carries the intrinsic value, whose rounding (half an ulp of the price) limits any
    /// inversion: there the bound is 1e-12 relative plus 4 ulps of the price divided by vega, and rows
    /// whose time value is under 64 ulps of the price are skipped.
    /// </summary>
    [Fact]
    public void Round_trip_recovers_sigma_to_1e12_on_a_dense_grid()
    {
        const double spot = 100;
        var vols = Geometric(0.01, 3, 30);
        var times = Geometric(1.0 / 8760, 5, 24);
        var checkedCount = 0;
        var worst = 0.0;
        var maxIterations = 0;
        foreach (var (r, q) in new[] { (0.03, 0.01), (0.0, 0.0), (0.08, 0.0), (-0.005, 0.02) })
        {
            foreach (var sigma in vols)
            {
                foreach (var t in times)
                {
                    for (var zi = -24; zi <= 24; zi++)
                    {
                        var z = zi * 0.25;
                        var forward = spot * Math.Exp((r - q) * t);
                        var strike = forward * Math.Exp(z * sigma * Math.Sqrt(t));
                        foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
                        {
                            var price = BlackScholes.Price(right, spot, strike, t, r, q, sigma);
                            var otm = right == OptionRight.Call ? strike >= forward : strike <= forward;
                            var timeValue = otm ? price : BlackScholes.Price(right == OptionRight.Call ? OptionRight.Put : OptionRight.Call, spot, strike, t, r, q, sigma);
                            var ulp = Math.BitIncrement(price) - price;
                            // An in-the-money price whose time value is a few ulps of itself carries no information about sigma.
                            if (!(timeValue > 1e-12 * spot) || (!otm && timeValue < 64 * ulp))
                            {
                                continue;
                            }
                            var result = ImpliedVolatility.European(right, price, spot, strike, t, r, q);
                            var vega = BlackScholes.Greeks(right, spot, strike, t, r, q, sigma).Vega;
                            var tolerance = (1e-12 * sigma) + ((otm ? 0 : 4 * ulp) / vega);
                            Assert.True(result.Status == OptionStatus.Ok && Math.Abs(result.Volatility - sigma) <= tolerance,
                                $"{right} sigma={sigma:R} T={t:R} z={z} r={r} q={q}: {result.Status} {result.Volatility:R} (err {(result.Volatility - sigma) / sigma:E2})");
                            if (otm)
                            {
                                worst = Math.Max(worst, Math.Abs(result.Volatility - sigma) / sigma);
                            }
                            maxIterations = Math.Max(maxIterations, result.Iterations);
                            checkedCount++;
                        }
                    }
                }
            }
        }
        Assert.True(checkedCount > 100_000, $"only {checkedCount} grid points checked");
        Assert.True(worst <= 1e-12, $"worst relative error {worst:E2}");
        // Let's Be Rational reaches machine precision in two Householder steps; the stopping test may take one more.
        Assert.True(maxIterations <= 3, $"needed {maxIterations} iterations");
    }

    [Fact]
    public void Normalised_solver_inverts_the_normalised_black_function_in_every_branch()
    {
        foreach (var x in new[] { -12.0, -3, -0.5, -1e-3, 0, 1e-3, 0.5, 3, 12 })
        {
            foreach (var s in new[] { 1e-3, 0.05, 0.3, 1, 2.5, 6, 12 })
            {
                foreach (var theta in new[] { 1.0, -1.0 })
                {
                    var beta = NormalisedBlack.Value(x, s, theta);
                    var timeValue = beta - NormalisedBlack.Intrinsic(x, theta);
                    if (!(timeValue > 1e-250 && timeValue > 1e-14 * beta))
                    {
                        continue;
                    }
                    var status = ImpliedVolatility.Normalised(beta, x, theta, out var implied, out _);
                    Assert.Equal(OptionStatus.Ok, status);
                    var conditionBound = 4e-16 * beta / NormalisedBlack.Vega(x, s);
                    Assert.True(Math.Abs(implied - s) <= (1e-13 * s) + conditionBound, $"x={x} s={s} theta={theta}: {implied:R}");
                }
            }
        }
    }

    [Theory]
    [InlineData(OptionRight.Call, 1.0, 100, 90, 0.5, OptionStatus.PriceBelowIntrinsic)]      // below S e^-qT - K e^-rT
    [InlineData(OptionRight.Put, 0.5, 100, 120, 0.5, OptionStatus.PriceBelowIntrinsic)]
    [InlineData(OptionRight.Call, 100.0, 100, 90, 0.5, OptionStatus.PriceAboveMaximum)]     // call worth at most S e^-qT
    [InlineData(OptionRight.Put, 130.0, 100, 120, 0.5, OptionStatus.PriceAboveMaximum)]     // put worth at most K e^-rT
    [InlineData(OptionRight.Call, 5.0, 100, 100, 0, OptionStatus.NonPositiveTime)]
    [InlineData(OptionRight.Call, 5.0, 100, 100, -1, OptionStatus.NonPositiveTime)]
    [InlineData(OptionRight.Call, double.NaN, 100, 100, 0.5, OptionStatus.NonFiniteInput)]
    [InlineData(OptionRight.Call, 5.0, double.PositiveInfinity, 100, 0.5, OptionStatus.NonFiniteInput)]
    [InlineData(OptionRight.Call, 0.0, 100, 100, 0.5, OptionStatus.NonPositivePrice)]
    [InlineData(OptionRight.Call, 5.0, 0, 100, 0.5, OptionStatus.NonPositiveSpot)]
    [InlineData(OptionRight.Call, 5.0, 100, -5, 0.5, OptionStatus.NonPositiveStrike)]
    public void Invalid_prices_and_inputs_give_a_status_not_an_exception(OptionRight right, double price, double spot, double strike, double t, OptionStatus expected)
    {
        var result = ImpliedVolatility.European(right, price, spot, strike, t, 0.05, 0.0);
        Assert.Equal(expected, result.Status);
        Assert.True(double.IsNaN(result.Volatility));
    }

    private static double[] Geometric(double from, double to, int count) =>
        Enumerable.Range(0, count).Select(i => from * Math.Pow(to / from, i / (double)(count - 1))).ToArray();
}
