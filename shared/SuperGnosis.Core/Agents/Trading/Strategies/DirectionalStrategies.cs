using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Agents.Trading.Strategies;

/// <summary>Buy one option of <paramref name="right"/> at the directional delta.</summary>
internal abstract class SingleOption(OptionRight right) : TradeStrategy
{
    public override LegPlan SelectLegs(StrategyContext context)
    {
        var i = context.Directional(right);
        return i < 0
            ? LegPlan.Infeasible(context.DeltaWindow(right, credit: false))
            : LegPlan.Of(context.Leg(context.Primary, right, i, LegDirection.Buy));
    }
}

internal sealed class LongCall() : SingleOption(OptionRight.Call)
{
    public override string Name => StrategyNames.LongCall;

    public override TradeSide Side => TradeSide.Long;
}

internal sealed class LongPut() : SingleOption(OptionRight.Put)
{
    public override string Name => StrategyNames.LongPut;

    public override TradeSide Side => TradeSide.Short;
}

/// <summary>
/// A vertical: the anchor leg at the directional delta (debit spreads, bought) or the credit delta (credit
/// spreads, sold), the other leg <see cref="TradeAgentOptions.WingSteps"/> usable strikes further out of the money.
/// </summary>
internal abstract class Vertical(OptionRight right, bool credit) : TradeStrategy
{
    public override LegPlan SelectLegs(StrategyContext context)
    {
        var anchor = credit ? context.CreditShort(right) : context.Directional(right);
        if (anchor < 0)
        {
            return LegPlan.Infeasible(context.DeltaWindow(right, credit));
        }
        // Further out of the money: higher strikes for calls, lower for puts.
        var wing = context.Primary.StepsAway(right, anchor, context.Options.WingSteps, right == OptionRight.Call ? 1 : -1);
        if (wing < 0)
        {
            return LegPlan.Infeasible(context.NoWing(right));
        }
        return credit
            ? LegPlan.Of(context.Leg(context.Primary, right, wing, LegDirection.Buy), context.Leg(context.Primary, right, anchor, LegDirection.Sell))
            : LegPlan.Of(context.Leg(context.Primary, right, anchor, LegDirection.Buy), context.Leg(context.Primary, right, wing, LegDirection.Sell));
    }
}

internal sealed class CallDebitSpread() : Vertical(OptionRight.Call, credit: false)
{
    public override string Name => StrategyNames.CallDebitSpread;

    public override TradeSide Side => TradeSide.Long;
}

internal sealed class PutDebitSpread() : Vertical(OptionRight.Put, credit: false)
{
    public override string Name => StrategyNames.PutDebitSpread;

    public override TradeSide Side => TradeSide.Short;
}

internal sealed class BullPutSpread() : Vertical(OptionRight.Put, credit: true)
{
    public override string Name => StrategyNames.BullPutSpread;

    public override TradeSide Side => TradeSide.Long;
}

internal sealed class BearCallSpread() : Vertical(OptionRight.Call, credit: true)
{
    public override string Name => StrategyNames.BearCallSpread;

    public override TradeSide Side => TradeSide.Short;
}
