namespace SuperGnosis.Core.Options;

/// <summary>
/// Why an option computation did or did not produce a number. Batch APIs write NaN and one of these
/// per row instead of throwing. <see cref="OptionStatusText.ToText"/> gives the CLI's snake_case text.
/// </summary>
public enum OptionStatus : byte
{
    Ok = 0,
    NonFiniteInput,
    NonPositiveSpot,
    NonPositiveStrike,
    NonPositiveTime,
    NonPositiveVolatility,
    NonPositivePrice,
    /// <summary>Price below the intrinsic value (European: discounted forward intrinsic; American: max of that and immediate exercise).</summary>
    PriceBelowIntrinsic,
    /// <summary>Price at or above the no-arbitrage upper bound (call: S e^{-qT}; put: K e^{-rT}, or K for American).</summary>
    PriceAboveMaximum,
    /// <summary>The root finder did not reach the requested accuracy.</summary>
    NotConverged,
}

internal static class OptionStatusText
{
    public static string ToText(this OptionStatus status) => status switch
    {
        OptionStatus.Ok => "ok",
        OptionStatus.NonFiniteInput => "non_finite_input",
        OptionStatus.NonPositiveSpot => "non_positive_spot",
        OptionStatus.NonPositiveStrike => "non_positive_strike",
        OptionStatus.NonPositiveTime => "non_positive_time",
        OptionStatus.NonPositiveVolatility => "non_positive_volatility",
        OptionStatus.NonPositivePrice => "non_positive_price",
        OptionStatus.PriceBelowIntrinsic => "price_below_intrinsic",
        OptionStatus.PriceAboveMaximum => "price_above_maximum",
        OptionStatus.NotConverged => "not_converged",
        _ => status.ToString(),
    };
}
