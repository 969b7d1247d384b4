using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Agents.Trading.Strategies;

/// <summary>Bull put spread plus bear call spread: short strikes at the credit delta, wings WingSteps further out.</summary>
internal sealed class IronCondor : TradeStrategy
{
    public override string Name => StrategyNames.IronCondor;

    public override TradeSide Side => TradeSide.Neutral;

    public override LegPlan SelectLegs(StrategyContext context)
    {
        var p = context.Primary;
        var shortPut = context.CreditShort(OptionRight.Put);
        var shortCall = context.CreditShort(OptionRight.Call);
        if (shortPut < 0)
        {
            return LegPlan.Infeasible(context.DeltaWindow(OptionRight.Put, credit: true));
        }
        if (shortCall < 0)
        {
            return LegPlan.Infeasible(context.DeltaWindow(OptionRight.Call, credit: true));
        }
        if (p.Puts[shortPut].Strike >= p.Calls[shortCall].Strike)
        {
            return LegPlan.Infeasible("short put strike is not below the short call strike");
        }
        return WingedShortPair.Plan(context, shortPut, shortCall);
    }
}

/// <summary>A short put and a short call on the primary expiry, each protected by a long wing WingSteps further out.</summary>
internal static class WingedShortPair
{
    public static LegPlan Plan(StrategyContext context, int shortPut, int shortCall)
    {
        var p = context.Primary;
        var longPut = p.StepsAway(OptionRight.Put, shortPut, context.Options.WingSteps, -1);
        var longCall = p.StepsAway(OptionRight.Call, shortCall, context.Options.WingSteps, 1);
        if (longPut < 0 || longCall < 0)
        {
            return LegPlan.Infeasible(context.NoWing(longPut < 0 ? OptionRight.Put : OptionRight.Call));
        }
        return LegPlan.Of(
            context.Leg(p, OptionRight.Put, longPut, LegDirection.Buy),
            context.Leg(p, OptionRight.Put, shortPut, LegDirection.Sell),
            context.Leg(p, OptionRight.Call, shortCall, LegDirection.Sell),
            context.Leg(p, OptionRight.Call, longCall, LegDirection.Buy));
    }
}

/// <summary>Short call and put at the usable strike nearest spot that has both, long wings WingSteps further out.</summary>
internal sealed class IronButterfly : TradeStrategy
{
    public override string Name => StrategyNames.IronButterfly;

    public override TradeSide Side => TradeSide.Neutral;

    public override LegPlan SelectLegs(StrategyContext context)
    {
        var p = context.Primary;
        if (!AtmPair.TryFind(p, context.Spot, out var call, out var put))
        {
            return LegPlan.Infeasible($"no strike with both a usable call and put at {p.Expiry:yyyy-MM-dd}");
        }
        return WingedShortPair.Plan(context, put, call);
    }
}

/// <summary>Buy the call and the put at the usable strike nearest spot that has both.</summary>
internal sealed class LongStraddle : TradeStrategy
{
    public override string Name => StrategyNames.LongStraddle;

    public override TradeSide Side => TradeSide.Neutral;

    public override LegPlan SelectLegs(StrategyContext context)
    {
        var p = context.Primary;
        return AtmPair.TryFind(p, context.Spot, out var call, out var put)
            ? LegPlan.Of(context.Leg(p, OptionRight.Put, put, LegDirection.Buy), context.Leg(p, OptionRight.Call, call, LegDirection.Buy))
            : LegPlan.Infeasible($"no strike with both a usable call and put at {p.Expiry:yyyy-MM-dd}");
    }
}

/// <summary>Buy a directional-delta put and a directional-delta call (put strike below call strike).</summary>
internal sealed class LongStrangle : TradeStrategy
{
    public override string Name => StrategyNames.LongStrangle;

    public override TradeSide Side => TradeSide.Neutral;

    public override LegPlan SelectLegs(StrategyContext context)
    {
        var p = context.Primary;
        var put = context.Directional(OptionRight.Put);
        var call = context.Directional(OptionRight.Call);
        if (put < 0 || call < 0)
        {
            return LegPlan.Infeasible(context.DeltaWindow(put < 0 ? OptionRight.Put : OptionRight.Call, credit: false));
        }
        return p.Puts[put].Strike < p.Calls[call].Strike
            ? LegPlan.Of(context.Leg(p, OptionRight.Put, put, LegDirection.Buy), context.Leg(p, OptionRight.Call, call, LegDirection.Buy))
            : LegPlan.Infeasible("put strike is not below the call strike");
    }
}

/// <summary>
/// Long call butterfly: buy K1, sell 2 x K2, buy K3 with K2 the usable call strike nearest spot and
/// K3 - K2 = K2 - K1 exactly (symmetric wings; the lower wing WingSteps strikes down is tried first, then
/// wider, then narrower ones).
/// </summary>
internal sealed class CallButterfly : TradeStrategy
{
    public override string Name => StrategyNames.CallButterfly;

    public override TradeSide Side => TradeSide.Neutral;

    public override LegPlan SelectLegs(StrategyContext context)
    {
        var p = context.Primary;
        var center = p.NearestStrike(OptionRight.Call, context.Spot);
        if (center < 0)
        {
            return LegPlan.Infeasible($"no usable call at {p.Expiry:yyyy-MM-dd}");
        }
        var k2 = p.Calls[center].Strike;
        var steps = Math.Max(context.Options.WingSteps, 1);
        var order = Enumerable.Range(steps, Math.Max(0, center - steps + 1)).Concat(Enumerable.Range(1, Math.Min(steps - 1, center)).Reverse());
        foreach (var s in order)
        {
            var lower = center - s;
            if (lower < 0)
            {
                continue;
            }
            var upper = p.AtStrike(OptionRight.Call, k2 + (k2 - p.Calls[lower].Strike));
            if (upper > center)
            {
                return LegPlan.Of(
                    context.Leg(p, OptionRight.Call, lower, LegDirection.Buy),
                    context.Leg(p, OptionRight.Call, center, LegDirection.Sell, 2),
                    context.Leg(p, OptionRight.Call, upper, LegDirection.Buy));
            }
        }
        return LegPlan.Infeasible($"no symmetric usable call wings around {k2} at {p.Expiry:yyyy-MM-dd}");
    }
}

/// <summary>
/// Long call calendar: sell the front-month call at the usable strike nearest spot, buy the back-month call at
/// the same strike (back month: DTE in [front + CalendarMinGapDays, CalendarMaxBackDte], nearest front + CalendarTargetGapDays).
/// </summary>
internal sealed class CalendarSpread : TradeStrategy
{
    public override string Name => StrategyNames.CalendarSpread;

    public override TradeSide Side => TradeSide.Neutral;

    public override LegPlan SelectLegs(StrategyContext context)
    {
        var front = context.Primary;
        var back = context.View.BackOf(front, context.Options);
        if (back is null)
        {
            return LegPlan.Infeasible($"no usable back month {context.Options.CalendarMinGapDays}-{context.Options.CalendarMaxBackDte} days out for {front.Expiry:yyyy-MM-dd}");
        }
        // Nearest-to-spot front strike that the back month also quotes.
        var candidates = Enumerable.Range(0, front.Calls.Count).OrderBy(i => Math.Abs(front.Calls[i].Strike - context.Spot));
        foreach (var i in candidates)
        {
            var j = back.AtStrike(OptionRight.Call, front.Calls[i].Strike);
            if (j >= 0)
            {
                return LegPlan.Of(context.Leg(front, OptionRight.Call, i, LegDirection.Sell), context.Leg(back, OptionRight.Call, j, LegDirection.Buy));
            }
        }
        return LegPlan.Infeasible($"no call strike usable in both {front.Expiry:yyyy-MM-dd} and {back.Expiry:yyyy-MM-dd}");
    }
}

/// <summary>The usable strike nearest spot that has both a call and a put.</summary>
internal static class AtmPair
{
    public static bool TryFind(ExpirySlice slice, double spot, out int call, out int put)
    {
        call = -1;
        put = -1;
        var bestGap = double.PositiveInfinity;
        for (var i = 0; i < slice.Calls.Count; i++)
        {
            var gap = Math.Abs(slice.Calls[i].Strike - spot);
            if (gap < bestGap)
            {
                var j = slice.AtStrike(OptionRight.Put, slice.Calls[i].Strike);
                if (j >= 0)
                {
                    call = i;
                    put = j;
                    bestGap = gap;
                }
            }
        }
        return call >= 0;
    }
}
