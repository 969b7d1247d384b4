using System.Collections.Immutable;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Core.Tests.Agents.Trading;

/// <summary>Synthetic chains priced by Black-Scholes with a skew, plus optional random defects.</summary>
internal static class TestChains
{
    /// <summary>Tuesday 2026-11-24 10:30 New York.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    public const double Rate = 0.04;

    /// <summary>Calendar days to the expiries used by default (Fridays would be nicer but any date works).</summary>
    public static readonly int[] DefaultDays = [3, 10, 24, 31, 38, 59, 80, 120];

    public sealed record Settings
    {
        public double Spot { get; init; } = 100;
        public double StepPct { get; init; } = 0.01;
        public int StrikesEachSide { get; init; } = 25;
        public double AtmVol { get; init; } = 0.25;
        /// <summary>IV added per expiry index (negative = inverted term structure).</summary>
        public double TermSlope { get; init; } = 0.005;
        public double Skew { get; init; } = -0.4;
        public double SpreadPct { get; init; } = 0.04;
        public int[] Days { get; init; } = DefaultDays;
        /// <summary>Probability that a row gets a random defect.</summary>
        public double DefectRate { get; init; }
        public double MissingIvRate { get; init; }
        public double MissingDeltaRate { get; init; }
        public double DuplicateRate { get; init; }
    }

    public static OptionChain Create(Settings s, Random? random = null)
    {
        random ??= new Random(1);
        var quotes = ImmutableArray.CreateBuilder<OptionQuote>();
        var step = Math.Max(0.5, Math.Round(s.Spot * s.StepPct * 2) / 2);
        var center = Math.Round(s.Spot / step) * step;
        for (var e = 0; e < s.Days.Length; e++)
        {
            var expiry = DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(s.Days[e]);
            var t = YearFraction.ToExpiry(AsOf, expiry);
            for (var k = -s.StrikesEachSide; k <= s.StrikesEachSide; k++)
            {
                var strike = center + (k * step);
                if (strike <= 0)
                {
                    continue;
                }
                var vol = Math.Max(0.05, s.AtmVol + (e * s.TermSlope) + (s.Skew * Math.Log(strike / s.Spot)));
                foreach (var right in new[] { OptionRight.Call, OptionRight.Put })
                {
                    var g = BlackScholes.Greeks(right, s.Spot, strike, t, Rate, 0, vol);
                    var half = Math.Max(0.01, g.Price * s.SpreadPct * (0.5 + random.NextDouble()) / 2);
                    var bid = Math.Round(Math.Max(g.Price - half, 0), 2);
                    var ask = Math.Round(g.Price + half, 2) + 0.01;
                    var quote = new OptionQuote(expiry, strike, right, bid, ask, 0.5 * (bid + ask),
                        Volume: 50 + random.Next(2000), OpenInterest: 200 + random.Next(20_000),
                        ImpliedVol: random.NextDouble() < s.MissingIvRate ? double.NaN : vol,
                        Delta: random.NextDouble() < s.MissingDeltaRate ? double.NaN : g.Delta,
                        g.Gamma, g.Vega, g.Theta, g.Vanna, g.Charm);
                    if (random.NextDouble() < s.DefectRate)
                    {
                        quote = Defect(quote, random);
                    }
                    quotes.Add(quote);
                    if (random.NextDouble() < s.DuplicateRate)
                    {
                        quotes.Add(quote with { OpenInterest = random.Next(50_000), Bid = quote.Bid * 0.99 });
                    }
                }
            }
        }
        // Row order must not matter.
        var rows = quotes.ToArray();
        random.Shuffle(rows);
        return new OptionChain("TEST", AsOf, s.Spot, [.. rows]);
    }

    private static OptionQuote Defect(OptionQuote q, Random random) => random.Next(7) switch
    {
        0 => q with { Bid = q.Ask + 0.05 },               // crossed
        1 => q with { Bid = 0 },                          // no bid
        2 => q with { Ask = double.NaN },                 // stale ask
        3 => q with { Ask = q.Ask * 3 + 1 },              // wide
        4 => q with { OpenInterest = random.Next(100) },  // thin open interest
        5 => q with { Volume = 0 },                       // no volume
        _ => q with { Ask = 0 },                          // stale zero ask
    };

    public static StandardSnapshot Snapshot(double spot = 100, IReadOnlyDictionary<string, double>? hedge = null) => new(
        "TEST", AsOf, hedge ?? new Dictionary<string, double> { ["spot"] = spot },
        new Dictionary<string, double>(), new Dictionary<string, double>(), new Dictionary<string, double>(), null,
        new Dictionary<string, string>());

    public static Suggestion Composite(SuggestionAction action, double confidence, IReadOnlyList<string>? tags = null, IReadOnlyDictionary<string, double>? forecast = null) => new(
        "run-1-composer-0", "composer", "TEST", action, confidence,
        forecast ?? new Dictionary<string, double> { ["horizon_days"] = 10, ["exp_move_pct"] = 3 },
        "test composite", tags ?? []);

    public static RunContext Run => new("run-1", "TEST", AsOf);

    public sealed class FixedChainSource(OptionChain? chain, Exception? error = null) : IOptionsChainSource
    {
        public Task<OptionChain> GetChainAsync(string symbol, DateTimeOffset asOf, CancellationToken cancellationToken) =>
            error is not null ? Task.FromException<OptionChain>(error) : Task.FromResult(chain!);
    }
}
