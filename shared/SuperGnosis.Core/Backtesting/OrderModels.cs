using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Backtesting;

/// <summary>The price per share one order leg fills at before slippage, from its quote; NaN when the quote cannot fill that side.</summary>
public interface IFillModel
{
    double BasePrice(double bid, double ask, LegDirection direction);
}

/// <summary>Slippage in currency per share (&gt;= 0), added to a buy and subtracted from a sell.</summary>
public interface ISlippageModel
{
    double PerShare(double bid, double ask);
}

/// <summary>Fees of one order in currency (&gt;= 0), from its legs and the contracts already traded this calendar month.</summary>
public interface IFeeModel
{
    double FeeOf(IReadOnlyList<FeeLeg> legs, int contractsEarlierThisMonth);
}

/// <summary>One filled leg as the fee model sees it: option contracts or stock shares, and the fill price per share.</summary>
public readonly record struct FeeLeg(bool IsOption, int Quantity, double PricePerShare);

/// <summary>
/// A quote can fill a side when bid and ask are finite, 0 &lt;= bid &lt;= ask and ask &gt; 0. A buy fills at the ask
/// (natural) or the mid; a sell at the bid or the mid (a zero bid sells at 0: a worthless contract).
/// </summary>
public sealed class QuoteFillModel(FillPrice price) : IFillModel
{
    public FillPrice Price { get; } = Enum.IsDefined(price) ? price : throw new ArgumentOutOfRangeException(nameof(price));

    public static bool IsUsable(double bid, double ask) =>
        double.IsFinite(bid) && double.IsFinite(ask) && bid >= 0 && ask > 0 && bid <= ask;

    public double BasePrice(double bid, double ask, LegDirection direction)
    {
        if (!IsUsable(bid, ask))
        {
            return double.NaN;
        }
        return Price == FillPrice.Mid ? 0.5 * (bid + ask) : direction == LegDirection.Buy ? ask : bid;
    }
}

/// <summary>Slippage per share = <c>perShare + spreadFraction x (ask - bid)</c>.</summary>
public sealed class SpreadSlippageModel : ISlippageModel
{
    public SpreadSlippageModel(double perShare, double spreadFraction)
    {
        PerShareAmount = perShare >= 0 && double.IsFinite(perShare) ? perShare : throw new ArgumentOutOfRangeException(nameof(perShare));
        SpreadFraction = spreadFraction is >= 0 and <= 1 ? spreadFraction : throw new ArgumentOutOfRangeException(nameof(spreadFraction));
    }

    public double PerShareAmount { get; }

    public double SpreadFraction { get; }

    public double PerShare(double bid, double ask) =>
        PerShareAmount + (SpreadFraction > 0 && double.IsFinite(ask - bid) ? SpreadFraction * Math.Max(0, ask - bid) : 0);
}

/// <summary>No fees (ChargeFees = false).</summary>
public sealed class NoFeeModel : IFeeModel
{
    public double FeeOf(IReadOnlyList<FeeLeg> legs, int contractsEarlierThisMonth) => 0;
}

/// <summary>
/// A retail broker's tiered schedule, modelled on Interactive Brokers' "IBKR Pro Tiered" US options commissions
/// (interactivebrokers.com, Commissions, Options, United States, as published in 2025-2026; docs/backtest.md, "Fees"):
/// per contract, by the contracts already traded this calendar month and the premium per share:
/// <list type="bullet">
/// <item>up to 10,000: $0.25 (premium &lt; $0.05), $0.50 ($0.05 &lt;= premium &lt; $0.10), $0.65 (premium &gt;= $0.10);</item>
/// <item>10,001 to 50,000: $0.25 (premium &lt; $0.05), $0.50 (otherwise);</item>
/// <item>50,001 to 100,000: $0.25; above 100,000: $0.15;</item>
/// </list>
/// at least <c>optionMinimum</c> ($1.00) per order, plus <c>passThroughPerContract</c> of third-party fees (default $0.04685 =
/// Options Regulatory Fee $0.02685 + OCC clearing $0.02). Stock: <c>stockPerShare</c> ($0.0035) per share, at least
/// <c>stockMinimum</c> ($0.35) per order. The month's tier is decided by the contracts traded before the order.
/// </summary>
public sealed class TieredFeeModel(double passThroughPerContract, double optionMinimum, double stockPerShare, double stockMinimum) : IFeeModel
{
    public double FeeOf(IReadOnlyList<FeeLeg> legs, int contractsEarlierThisMonth)
    {
        ArgumentNullException.ThrowIfNull(legs);
        ArgumentOutOfRangeException.ThrowIfNegative(contractsEarlierThisMonth);
        double optionCommission = 0, passThrough = 0, shares = 0;
        var anyOption = false;
        foreach (var leg in legs)
        {
            if (leg.IsOption)
            {
                anyOption = true;
                optionCommission += leg.Quantity * PerContract(contractsEarlierThisMonth, Math.Abs(leg.PricePerShare));
                passThrough += leg.Quantity * passThroughPerContract;
            }
            else
            {
                shares += leg.Quantity;
            }
        }
        var fee = anyOption ? Math.Max(optionCommission, optionMinimum) + passThrough : 0;
        return shares > 0 ? fee + Math.Max(shares * stockPerShare, stockMinimum) : fee;
    }

    /// <summary>Broker commission per contract in the month's tier (contracts traded before the order) for a premium per share.</summary>
    public static double PerContract(int contractsEarlierThisMonth, double premium) => contractsEarlierThisMonth switch
    {
        < 10_000 => premium < 0.05 ? 0.25 : premium < 0.10 ? 0.50 : 0.65,
        < 50_000 => premium < 0.05 ? 0.25 : 0.50,
        < 100_000 => 0.25,
        _ => 0.15,
    };
}
