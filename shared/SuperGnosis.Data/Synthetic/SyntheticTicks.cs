using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Numerics;

namespace SuperGnosis.Data.Synthetic;

/// <summary>
/// Trades and quotes inside one minute bar. The minute's volume is split into a Poisson number of
/// prints (mean size scales with the symbol's average daily volume). The mid walks linearly from the
/// bar's open to its close with noise; quotes are on a one-cent grid with a half-spread of
/// max(0.5 cent, mid * spread_bps / 2e4); each print is preceded by the quote in force. Aggressor
/// side leans toward the bar's direction, plus a per-minute order-flow shock unrelated to price:
/// P(buy) = clamp(0.5 + 0.2 tanh(2 r / sigma_minute) + 0.25 z, 0.05, 0.95). Buys print at
/// the ask (80%) or inside, sells at the bid (80%) or inside.
/// </summary>
internal static class SyntheticTicks
{
    public static void ForMinute(int seed, SymbolProfile profile, MinuteSession session, int minute, List<Trade>? trades, List<Quote>? quotes)
    {
        var bar = session.Bars[minute];
        var rng = DeterministicRandom.For(seed, profile.Symbol, session.Date, minute, "ticks");
        var meanSize = Math.Max(100, profile.AverageDailyVolume / 60_000);
        var count = Math.Max(1, rng.NextPoisson(bar.Volume / meanSize));
        var sigmaMinute = session.DailyStdDev / Math.Sqrt(session.Bars.Length);
        var barReturn = Math.Log(bar.Close / bar.Open);
        var buyProbability = Math.Clamp(0.5 + (0.2 * Math.Tanh(2 * barReturn / Math.Max(sigmaMinute, 1e-9))) + (0.25 * rng.NextGaussian()), 0.05, 0.95);

        var offsets = new double[count];
        var sizes = new double[count];
        double sizeSum = 0;
        for (var i = 0; i < count; i++)
        {
            offsets[i] = rng.NextDouble();
            sizes[i] = Math.Exp(0.8 * rng.NextGaussian());
            sizeSum += sizes[i];
        }
        Array.Sort(offsets);

        quotes?.Add(MakeQuote(profile, bar.Timestamp, bar.Open, rng));
        double allocated = 0;
        for (var i = 0; i < count; i++)
        {
            var stamp = bar.Timestamp.AddTicks((long)(offsets[i] * TimeSpan.TicksPerMinute));
            var mid = (bar.Open + ((bar.Close - bar.Open) * offsets[i])) * (1 + (0.25 * sigmaMinute * rng.NextGaussian()));
            var quote = MakeQuote(profile, stamp.AddTicks(-1), mid, rng);
            quotes?.Add(quote);
            // Shares: split the bar volume in proportion to the random sizes; the last print takes the remainder.
            var size = i == count - 1 ? bar.Volume - allocated : Math.Max(1, Math.Round(bar.Volume * sizes[i] / sizeSum));
            if (size <= 0)
            {
                continue;
            }
            allocated += size;
            var isBuy = rng.NextDouble() < buyProbability;
            var atTouch = rng.NextDouble() < 0.8;
            var price = isBuy
                ? (atTouch ? quote.Ask : Math.Round(quote.Mid, 3))
                : (atTouch ? quote.Bid : Math.Round(quote.Mid, 3));
            trades?.Add(new Trade(stamp, price, size, isBuy ? AggressorSide.Buy : AggressorSide.Sell));
        }
    }

    private static Quote MakeQuote(SymbolProfile profile, DateTimeOffset stamp, double mid, DeterministicRandom rng)
    {
        var half = Math.Max(0.005, mid * profile.SpreadBps / 2e4);
        var bid = Math.Floor((mid - half) * 100) / 100;
        var ask = Math.Ceiling((mid + half) * 100) / 100;
        if (ask <= bid)
        {
            ask = bid + 0.01;
        }
        var depth = Math.Max(100, Math.Round(profile.AverageDailyVolume / 2e4 * Math.Exp(0.5 * rng.NextGaussian()) / 100) * 100);
        return new Quote(stamp, Math.Round(bid, 2), Math.Round(ask, 2), depth, depth);
    }
}
