using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Agents.Trading.Strategies;

/// <summary>What a strategy selects from the chain: the priced legs, or why it cannot be built.</summary>
internal readonly record struct LegPlan(IReadOnlyList<PricedLeg>? Legs, string? Failure)
{
    public bool IsFeasible => Legs is not null;

    public static LegPlan Of(params PricedLeg[] legs) => new(legs, null);

    public static LegPlan Infeasible(string reason) => new(null, reason);
}

/// <summary>What strategies select from: the filtered chain, the primary expiry and the configuration.</summary>
internal sealed class StrategyContext(ChainView view, ExpirySlice primary, TradeAgentOptions options)
{
    public ChainView View { get; } = view;

    /// <summary>The expiry in the DTE window nearest the target DTE.</summary>
    public ExpirySlice Primary { get; } = primary;

    public TradeAgentOptions Options { get; } = options;

    public double Spot => View.Spot;

    /// <summary>A priced option leg at the natural price: bought at the ask, sold at the bid.</summary>
    public PricedLeg Leg(ExpirySlice slice, OptionRight right, int index, LegDirection direction, int qty = 1)
    {
        var c = slice.Side(right)[index];
        return new PricedLeg(
            right == OptionRight.Call ? InstrumentType.Call : InstrumentType.Put,
            direction, qty, Options.ContractMultiplier, c.Strike, slice.Expiry, slice.Years,
            direction == LegDirection.Buy ? c.Quote.Ask : c.Quote.Bid, c.Mid, c.ImpliedVol,
            c.Delta, c.Gamma, c.Vega, c.Theta, c.SpreadPctOfMid, slice.LegRoot);
    }

    /// <summary>Index of the directional leg (|delta| nearest the directional target within its window).</summary>
    public int Directional(OptionRight right) =>
        Primary.ByDelta(right, Options.DirectionalDelta, Options.DirectionalDeltaMin, Options.DirectionalDeltaMax);

    /// <summary>Index of a credit spread's short leg (|delta| nearest the credit target within its window).</summary>
    public int CreditShort(OptionRight right) =>
        Primary.ByDelta(right, Options.CreditShortDelta, Options.CreditShortDeltaMin, Options.CreditShortDeltaMax);

    public string DeltaWindow(OptionRight right, bool credit) => credit
        ? $"no usable {Name(right)} with |delta| in [{Options.CreditShortDeltaMin}, {Options.CreditShortDeltaMax}] at {Primary.Expiry:yyyy-MM-dd}"
        : $"no usable {Name(right)} with |delta| in [{Options.DirectionalDeltaMin}, {Options.DirectionalDeltaMax}] at {Primary.Expiry:yyyy-MM-dd}";

    public string NoWing(OptionRight right) => $"no usable {Name(right)} strike beyond the short strike at {Primary.Expiry:yyyy-MM-dd}";

    private static string Name(OptionRight right) => right == OptionRight.Call ? "call" : "put";
}

/// <summary>
/// One strategy of the library: a name (the <c>strategy_type</c> literal), a side, and the rule that picks its
/// legs from the chain. Economics come from the shared payoff model, never from the strategy.
/// </summary>
internal abstract class TradeStrategy
{
    public abstract string Name { get; }

    public abstract TradeSide Side { get; }

    public abstract LegPlan SelectLegs(StrategyContext context);
}
