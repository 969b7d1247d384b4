using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Tests.Options;

public class NormalDistributionTests
{
    // Reference values: mpmath 1.3 at 50 significant digits (ncdf, erfc*exp(x^2)).
    [Theory]
    [InlineData(-38, 2.8854283600687843084e-316)]
    [InlineData(-20, 2.7536241186062336951e-89)]
    [InlineData(-8.5, 9.4795348222033183542e-18)]
    [InlineData(-5, 2.8665157187919391167e-7)]
    [InlineData(-2, 0.0227501319481792072)]
    [InlineData(-1, 0.15865525393145705141)]
    [InlineData(-0.3, 0.38208857781104736269)]
    [InlineData(0, 0.5)]
    [InlineData(0.4, 0.65542174161032416674)]
    [InlineData(1, 0.84134474606854294859)]
    [InlineData(3, 0.99865010196836990547)]
    [InlineData(7, 0.99999999999872018746)]
    public void Cdf_matches_high_precision_reference_in_relative_terms(double x, double expected)
    {
        var actual = NormalDistribution.Cdf(x);
        // Denormal results (x = -38) only carry ~8 significant bits.
        var tolerance = expected < 1e-300 ? 1e-7 : 5e-15;
        Assert.True(Math.Abs(actual - expected) <= tolerance * expected, $"Phi({x}) = {actual:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(0.1, 0.89645697996912664193)]
    [InlineData(0.46875, 0.63206968924955607816)]
    [InlineData(0.5, 0.61569034419292587487)]
    [InlineData(2, 0.25539567631050574387)]
    [InlineData(3.9, 0.14031418160068973267)]
    [InlineData(4.1, 0.13383411641865198274)]
    [InlineData(10, 0.056140992743822585858)]
    [InlineData(26, 0.021683584850562906616)]
    [InlineData(100, 0.0056416137829894329036)]
    public void Erfcx_matches_high_precision_reference(double x, double expected)
    {
        var actual = NormalDistribution.Erfcx(x);
        Assert.True(Math.Abs(actual - expected) <= 4e-16 * expected, $"erfcx({x}) = {actual:R}, expected {expected:R}");
    }

    [Fact]
    public void Erf_and_erfc_are_complementary_and_odd()
    {
        for (var x = -6.0; x <= 6.0; x += 0.037)
        {
            Assert.Equal(1.0, NormalDistribution.Erf(x) + NormalDistribution.Erfc(x), 14);
            Assert.Equal(-NormalDistribution.Erf(x), NormalDistribution.Erf(-x), 15);
        }
    }

    [Fact]
    public void Inverse_cdf_round_trips_to_a_few_ulps_across_both_tails()
    {
        foreach (var p in new[] { 1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97, 0.999 })
        {
            var x = NormalDistribution.InverseCdf(p);
            var back = NormalDistribution.Cdf(x);
            // Phi has relative condition number ~x^2 in the tail (x itself carries one ulp).
            Assert.True(Math.Abs(back - p) <= 1e-14 * p * Math.Max(1, x * x), $"Phi(Phi^-1({p})) = {back:R}");
        }
        Assert.Equal(double.NegativeInfinity, NormalDistribution.InverseCdf(0));
        Assert.True(double.IsNaN(NormalDistribution.InverseCdf(1.5)));
    }
}
