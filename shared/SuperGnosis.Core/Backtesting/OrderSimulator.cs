using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Backtesting;

/// <summary>One leg of an order: the idea's leg, the side this order takes (reversed when closing) and the count (contracts or shares).</summary>
public readonly record struct OrderLeg(TradeLeg Leg, LegDirection Direction, int Quantity)
{
    /// <summary>+1 buy, -1 sell.</summary>
    public int Sign => Direction == LegDirection.Buy ? 1 : -1;
}

/// <summary>A filled leg: price per share (slippage included), the slippage per share, and the quote it filled against (null for stock).</summary>
public sealed record LegFill(OrderLeg Leg, double Price, double Slippage, OptionQuote? Quote);

/// <summary>
/// The result of one order: filled as a whole or not at all. <see cref="CashFlow"/> is the cash the legs move
/// (<c>-Σ sign x quantity x m x price</c>, m = multiplier for options and 1 for stock; negative = paid), fees excluded;
/// <see cref="Fees"/> is what the fee model charged (&gt;= 0). <see cref="Reason"/> says why an order did not fill.
/// </summary>
public sealed record OrderFill(bool Filled, string? Reason, IReadOnlyList<LegFill> Legs, double CashFlow, double Fees)
{
    public static OrderFill Rejected(string reason) => new(false, reason, [], 0, 0);

    /// <summary>Option contracts in the order (for the fee tiers).</summary>
    public int Contracts => Legs.Where(l => l.Leg.Leg.IsOption).Sum(l => l.Leg.Quantity);
}

/// <summary>
/// Fills orders against one option chain (docs/backtest.md, "Fills"): every option leg needs a usable quote of the same
/// contract (expiry, strike, right, OCC root); a stock leg fills at the chain's underlying price. Prices are per share:
/// the fill model's base price, plus slippage on a buy and minus slippage on a sell (never below zero). All legs fill
/// or none: one unusable leg rejects the order. Fees come from the fee model, once per order.
/// </summary>
public sealed class OrderSimulator(IFillModel fill, ISlippageModel slippage, IFeeModel fees, double contractMultiplier = 100)
{
    public IFillModel FillModel { get; } = fill ?? throw new ArgumentNullException(nameof(fill));

    public ISlippageModel SlippageModel { get; } = slippage ?? throw new ArgumentNullException(nameof(slippage));

    public IFeeModel FeeModel { get; } = fees ?? throw new ArgumentNullException(nameof(fees));

    public double ContractMultiplier { get; } = contractMultiplier > 0 && double.IsFinite(contractMultiplier)
        ? contractMultiplier : throw new ArgumentOutOfRangeException(nameof(contractMultiplier));

    /// <summary>The simulator the options describe: quote fills, spread slippage and the tiered schedule (or no fees).</summary>
    public static OrderSimulator From(BacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validated();
        IFeeModel fees = options.ChargeFees
            ? new TieredFeeModel(options.OptionPassThroughFeePerContract, options.OptionMinimumPerOrder, options.StockCommissionPerShare, options.StockMinimumPerOrder)
            : new NoFeeModel();
        return new OrderSimulator(new QuoteFillModel(options.FillPrice), new SpreadSlippageModel(options.SlippagePerShare, options.SlippageSpreadFraction),
            fees, options.ContractMultiplier);
    }

    /// <summary>Multiplier of a leg: contracts carry <see cref="ContractMultiplier"/> shares, stock legs 1.</summary>
    public double MultiplierOf(TradeLeg leg) => leg.IsOption ? ContractMultiplier : 1;

    /// <summary>Fills <paramref name="legs"/> (of an idea on <paramref name="symbol"/>) against <paramref name="chain"/>, all or none.</summary>
    public OrderFill Fill(string symbol, IReadOnlyList<OrderLeg> legs, OptionChain chain, int contractsEarlierThisMonth)
    {
        ArgumentNullException.ThrowIfNull(legs);
        ArgumentNullException.ThrowIfNull(chain);
        if (legs.Count == 0)
        {
            return OrderFill.Rejected("an order needs at least one leg");
        }
        var fills = new List<LegFill>(legs.Count);
        double cash = 0;
        foreach (var order in legs)
        {
            if (order.Quantity <= 0)
            {
                return OrderFill.Rejected($"leg quantity must be > 0 (got {order.Quantity})");
            }
            double bid, ask;
            OptionQuote? quote = null;
            if (order.Leg.IsOption)
            {
                if (ChainLookup.Find(chain, symbol, order.Leg) is not { } q)
                {
                    return OrderFill.Rejected($"no quote for {Describe(order.Leg)}");
                }
                quote = q;
                (bid, ask) = (q.Bid, q.Ask);
            }
            else
            {
                var spot = chain.UnderlyingPrice;
                if (!(spot > 0 && double.IsFinite(spot)))
                {
                    return OrderFill.Rejected("no underlying price for the stock leg");
                }
                (bid, ask) = (spot, spot);
            }
            var basePrice = FillModel.BasePrice(bid, ask, order.Direction);
            if (double.IsNaN(basePrice))
            {
                return OrderFill.Rejected($"unusable quote for {Describe(order.Leg)} (bid {bid}, ask {ask})");
            }
            var slip = order.Leg.IsOption ? SlippageModel.PerShare(bid, ask) : SlippageModel.PerShare(0, 0);
            var price = Math.Max(0, basePrice + (order.Sign * slip));
            fills.Add(new LegFill(order, price, slip, quote));
            cash -= order.Sign * order.Quantity * MultiplierOf(order.Leg) * price;
        }
        var fee = FeeModel.FeeOf([.. fills.Select(f => new FeeLeg(f.Leg.Leg.IsOption, f.Leg.Quantity, f.Price))], contractsEarlierThisMonth);
        return new OrderFill(true, null, fills, cash, fee);
    }

    internal static string Describe(TradeLeg leg) => leg.IsOption
        ? $"{(leg.InstrumentType == InstrumentType.Call ? "call" : "put")} {leg.Strike} {leg.Expiry:yyyy-MM-dd}{(leg.Root is null ? "" : " " + leg.Root)}"
        : "stock";
}

/// <summary>Finds the quote of a trade leg's contract in a chain.</summary>
public static class ChainLookup
{
    /// <summary>
    /// The quote of the leg's contract (same expiry, strike, right and OCC root, the leg's root defaulting to
    /// <paramref name="symbol"/> and the quote's to the chain symbol): among duplicates the usable one with the largest
    /// open interest, else the first; null when the chain does not list the contract.
    /// </summary>
    public static OptionQuote? Find(OptionChain chain, string symbol, TradeLeg leg)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(leg);
        if (!leg.IsOption || chain.IsEmpty)
        {
            return null;
        }
        var right = leg.InstrumentType == InstrumentType.Call ? OptionRight.Call : OptionRight.Put;
        var root = leg.Root ?? symbol;
        var expiry = leg.Expiry!.Value;
        var strike = leg.Strike!.Value;
        OptionQuote? best = null;
        var bestUsable = false;
        foreach (var q in chain.Quotes)
        {
            if (q.Expiry != expiry || q.Right != right || q.Strike != strike || !string.Equals(chain.RootOf(q), root, StringComparison.Ordinal))
            {
                continue;
            }
            var usable = QuoteFillModel.IsUsable(q.Bid, q.Ask);
            if (best is null || (usable && !bestUsable) || (usable == bestUsable && q.OpenInterest > best.Value.OpenInterest))
            {
                best = q;
                bestUsable = usable;
            }
        }
        return best;
    }
}
