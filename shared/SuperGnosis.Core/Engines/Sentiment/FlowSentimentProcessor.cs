using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Engines.Sentiment;

/// <summary>The flow processor's result with its diagnostics.</summary>
public sealed record FlowSentiment(
    SentimentSignal Signal,
    double CallPremium,
    double PutPremium,
    double VolumeToOpenInterest,
    int UnusualContracts,
    int UsableContracts,
    int SkippedContracts,
    bool AggressorSigned);

/// <summary>
/// Options-flow sentiment from the chain (docs/sentiment.md, "Flow sentiment"). Each contract gets weight
/// w = exp(-(ln(K/S) / <see cref="MoneynessBandwidth"/>)^2 / 2) x 0.5^(days to expiry / <see cref="TenorHalfLifeDays"/>).
/// Unsigned: score = average of the weighted call-minus-put share of volume and of premium (volume x mid).
/// With aggressor-signed prints: score = sum(w side dir size price) / sum(w size price) over prints with a known side
/// (dir +1 call, -1 put; side +1 buy, -1 sell). Confidence = (1 - exp(-contracts with volume / 5)) x
/// (0.5 + 0.5 min(1, u)), where u = weighted volume / weighted open interest; a contract is unusual when
/// volume &gt; 2 x open interest.
/// </summary>
internal static class FlowSentimentProcessor
{
    public const double MoneynessBandwidth = 0.10;
    public const double TenorHalfLifeDays = 21;
    public const double UnusualVolumeToOpenInterest = 2.0;
    private const double ContractCountScale = 5;

    /// <summary>Null when the chain has no usable traded contract (processor missing).</summary>
    public static FlowSentiment? Compute(OptionChain chain, DateTimeOffset asOf, IReadOnlyList<OptionPrint>? prints = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var spot = chain.UnderlyingPrice;
        if (chain.IsEmpty || !(spot > 0) || !double.IsFinite(spot))
        {
            return null;
        }
        var today = DateOnly.FromDateTime(asOf.UtcDateTime);
        double callVol = 0, putVol = 0, callPrem = 0, putPrem = 0, wVol = 0, wOi = 0;
        int usable = 0, skipped = 0, unusual = 0;
        foreach (var q in chain.Quotes)
        {
            var mid = double.IsFinite(q.Mid) && q.Mid > 0 ? q.Mid : 0.5 * (q.Bid + q.Ask);
            if (!(q.Volume > 0))
            {
                continue;
            }
            if (!(q.Strike > 0) || !(mid > 0) || !double.IsFinite(mid) || q.Bid > q.Ask || q.Expiry < today || !double.IsFinite(q.Volume))
            {
                skipped++;
                continue;
            }
            var w = Weight(q.Strike, q.Expiry, spot, today);
            usable++;
            var premium = q.Volume * mid;
            if (q.Right == OptionRight.Call)
            {
                callVol += w * q.Volume;
                callPrem += w * premium;
            }
            else
            {
                putVol += w * q.Volume;
                putPrem += w * premium;
            }
            wVol += w * q.Volume;
            var oi = double.IsFinite(q.OpenInterest) && q.OpenInterest > 0 ? q.OpenInterest : 0;
            wOi += w * oi;
            if (q.Volume > UnusualVolumeToOpenInterest * oi)
            {
                unusual++;
            }
        }
        if (usable == 0 || !(callVol + putVol > 0))
        {
            return null;
        }
        var volumeShare = (callVol - putVol) / (callVol + putVol);
        var premiumShare = callPrem + putPrem > 0 ? (callPrem - putPrem) / (callPrem + putPrem) : volumeShare;
        var score = 0.5 * (volumeShare + premiumShare);

        var signed = false;
        if (prints is { Count: > 0 })
        {
            double num = 0, den = 0;
            foreach (var p in prints)
            {
                if (p.Side == AggressorSide.Unknown || p.Timestamp > asOf || !(p.Contracts > 0) || !(p.Price > 0) || !(p.Strike > 0) || p.Expiry < today)
                {
                    continue;
                }
                var w = Weight(p.Strike, p.Expiry, spot, today) * p.Contracts * p.Price;
                num += w * (int)p.Side * (p.Right == OptionRight.Call ? 1 : -1);
                den += w;
            }
            if (den > 0)
            {
                score = num / den;
                signed = true;
            }
        }

        var u = wOi > 0 ? wVol / wOi : 1.0; // no open interest reported at all: traded volume is all new
        var confidence = (1 - Math.Exp(-usable / ContractCountScale)) * (0.5 + 0.5 * Math.Min(1, u));
        return new FlowSentiment(SentimentSignal.Create(score, confidence), callPrem, putPrem, u, unusual, usable, skipped, signed);
    }

    /// <summary>Near-the-money and short-dated weight in (0, 1].</summary>
    public static double Weight(double strike, DateOnly expiry, double spot, DateOnly today)
    {
        var x = Math.Log(strike / spot) / MoneynessBandwidth;
        var days = Math.Max(0, expiry.DayNumber - today.DayNumber);
        return Math.Exp(-0.5 * x * x) * Math.Pow(0.5, days / TenorHalfLifeDays);
    }
}
