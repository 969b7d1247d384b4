using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Agents.Trading.Strategies;

/// <summary>Buy one round lot at the underlying price.</summary>
internal sealed class LongStock : TradeStrategy
{
    public override string Name => StrategyNames.LongStock;

    public override TradeSide Side => TradeSide.Long;

    public override LegPlan SelectLegs(StrategyContext context) =>
        LegPlan.Of(PricedLeg.Stock(LegDirection.Buy, context.Options.SharesPerUnit, context.Spot));
}

/// <summary>Sell one round lot short at the underlying price (unbounded loss).</summary>
internal sealed class ShortStock : TradeStrategy
{
    public override string Name => StrategyNames.ShortStock;

    public override TradeSide Side => TradeSide.Short;

    public override LegPlan SelectLegs(StrategyContext context) =>
        LegPlan.Of(PricedLeg.Stock(LegDirection.Sell, context.Options.SharesPerUnit, context.Spot));
}

/// <summary>Hypothetical stock bought at the underlying price plus one directional-delta call sold per contract multiplier of shares.</summary>
internal sealed class CoveredCall : TradeStrategy
{
    public override string Name => StrategyNames.CoveredCall;

    public override TradeSide Side => TradeSide.Long;

    public override LegPlan SelectLegs(StrategyContext context)
    {
        var o = context.Options;
        var contracts = o.SharesPerUnit / o.ContractMultiplier;
        if (contracts < 1 || contracts != Math.Floor(contracts))
        {
            return LegPlan.Infeasible($"{o.SharesPerUnit} shares per unit is not a whole number of {o.ContractMultiplier}-share contracts");
        }
        var call = context.Directional(OptionRight.Call);
        return call < 0
            ? LegPlan.Infeasible(context.DeltaWindow(OptionRight.Call, credit: false))
            : LegPlan.Of(
                PricedLeg.Stock(LegDirection.Buy, o.SharesPerUnit, context.Spot),
                context.Leg(context.Primary, OptionRight.Call, call, LegDirection.Sell, (int)contracts));
    }
}
