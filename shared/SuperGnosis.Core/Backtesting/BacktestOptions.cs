using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Core.Backtesting;

/// <summary>Spacing of backtest steps inside the NYSE sessions (<see cref="BacktestSchedule"/>).</summary>
public enum BacktestInterval
{
    /// <summary>One step per session, at its close (16:00 New York, 13:00 on an early close).</summary>
    Daily,

    /// <summary>Every 30 minutes from 30 minutes after the open to the close, both included (13 steps in a full session).</summary>
    ThirtyMinutes,
}

/// <summary>The price an order leg fills at before slippage (docs/backtest.md, "Fills").</summary>
public enum FillPrice
{
    /// <summary>Buys at the ask, sells at the bid (the trade agent's pricing).</summary>
    Natural,

    /// <summary>Both sides at the mid, (bid + ask) / 2.</summary>
    Mid,
}

/// <summary>
/// Settings of the backtest and its order simulator (configuration section <c>SuperGnosis:Backtest</c>; docs/backtest.md).
/// Money is in the underlying's currency; option prices are per share, one contract = <see cref="ContractMultiplier"/> shares.
/// </summary>
public sealed record BacktestOptions
{
    /// <summary>Step spacing (the CLI's <c>--interval 1d|30m</c>).</summary>
    public BacktestInterval Interval { get; init; } = BacktestInterval.Daily;

    /// <summary>Cash at the start; equity = cash + marked value of the open positions.</summary>
    public double InitialEquity { get; init; } = 100_000;

    /// <summary>Natural (bid/ask) or mid fills.</summary>
    public FillPrice FillPrice { get; init; } = FillPrice.Natural;

    /// <summary>Slippage in currency per share (per option share, i.e. x multiplier per contract), always against the trader.</summary>
    public double SlippagePerShare { get; init; }

    /// <summary>Slippage as a fraction of the quoted spread (ask - bid), always against the trader; added to <see cref="SlippagePerShare"/>.</summary>
    public double SlippageSpreadFraction { get; init; }

    /// <summary>Charge the fee schedule (<see cref="TieredFeeModel"/>); false = no fees at all.</summary>
    public bool ChargeFees { get; init; } = true;

    /// <summary>Third-party fees passed through per option contract (regulatory and clearing), added to the broker commission.</summary>
    public double OptionPassThroughFeePerContract { get; init; } = 0.04685;

    /// <summary>Minimum broker commission per order with option legs.</summary>
    public double OptionMinimumPerOrder { get; init; } = 1.00;

    /// <summary>Stock commission per share.</summary>
    public double StockCommissionPerShare { get; init; } = 0.0035;

    /// <summary>Minimum stock commission per order with stock legs.</summary>
    public double StockMinimumPerOrder { get; init; } = 0.35;

    /// <summary>Close a position at the step where its nearest option leg has at most this many days to settlement (ACT/365 x 365); 0 = hold to expiry.</summary>
    public double ExitDte { get; init; } = 1;

    /// <summary>Close when the underlying reaches the idea's <c>target_exit_price</c> (at or above it for the long side, at or below for the short side).</summary>
    public bool ExitAtTarget { get; init; } = true;

    /// <summary>Close when the underlying reaches the idea's <c>stop_loss_price</c> (at or below it for the long side, at or above for the short side).</summary>
    public bool ExitAtStop { get; init; } = true;

    /// <summary>At most this many positions open at once (0 = no limit); a decision whose ideas would exceed it is not traded.</summary>
    public int MaxOpenPositions { get; init; }

    /// <summary>Automatic exercise at expiry when the option is in the money by at least this much per share (OCC exercise by exception: $0.01).</summary>
    public double ExerciseThreshold { get; init; } = 0.01;

    /// <summary>Shares per option contract.</summary>
    public double ContractMultiplier { get; init; } = 100;

    /// <summary>Continuous annual rate for model marks (Black-Scholes-Merton from the last implied vol when a quote is missing); null = the source's rate (hosts), else 0.04.</summary>
    public double? RiskFreeRate { get; init; }

    /// <summary>Continuous annual dividend yield for model marks; null = the source's yield of the symbol (hosts), else 0.</summary>
    public double? DividendYield { get; init; }

    /// <summary>The rate model marks use.</summary>
    public double Rate => RiskFreeRate ?? 0.04;

    /// <summary>The dividend yield model marks use.</summary>
    public double Yield => DividendYield ?? 0;

    /// <summary>The sessions the steps fall in and the settlement instants of expiries.</summary>
    public IMarketCalendar Calendar { get; init; } = MarketCalendar.Nyse;

    /// <summary>Every invalid setting as "Name: message" (empty when valid); hosts report them naming their configuration keys.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Check(bool ok, string name, string message)
        {
            if (!ok)
            {
                problems.Add($"{name}: {message}");
            }
        }
        Check(Enum.IsDefined(Interval), nameof(Interval), "must be Daily or ThirtyMinutes");
        Check(Enum.IsDefined(FillPrice), nameof(FillPrice), "must be Natural or Mid");
        Check(InitialEquity > 0 && double.IsFinite(InitialEquity), nameof(InitialEquity), "must be a finite number > 0");
        Check(SlippagePerShare >= 0 && double.IsFinite(SlippagePerShare), nameof(SlippagePerShare), "must be a finite number >= 0");
        Check(SlippageSpreadFraction is >= 0 and <= 1, nameof(SlippageSpreadFraction), "must be in [0, 1]");
        Check(OptionPassThroughFeePerContract >= 0 && double.IsFinite(OptionPassThroughFeePerContract), nameof(OptionPassThroughFeePerContract), "must be a finite number >= 0");
        Check(OptionMinimumPerOrder >= 0 && double.IsFinite(OptionMinimumPerOrder), nameof(OptionMinimumPerOrder), "must be a finite number >= 0");
        Check(StockCommissionPerShare >= 0 && double.IsFinite(StockCommissionPerShare), nameof(StockCommissionPerShare), "must be a finite number >= 0");
        Check(StockMinimumPerOrder >= 0 && double.IsFinite(StockMinimumPerOrder), nameof(StockMinimumPerOrder), "must be a finite number >= 0");
        Check(ExitDte is >= 0 and <= 365, nameof(ExitDte), "must be in [0, 365] days");
        Check(MaxOpenPositions >= 0, nameof(MaxOpenPositions), "must be >= 0 (0 = no limit)");
        Check(ExerciseThreshold >= 0 && double.IsFinite(ExerciseThreshold), nameof(ExerciseThreshold), "must be a finite number >= 0");
        Check(ContractMultiplier > 0 && double.IsFinite(ContractMultiplier), nameof(ContractMultiplier), "must be a finite number > 0");
        Check(RiskFreeRate is null or (>= -0.05 and <= 0.25), nameof(RiskFreeRate), "must be in [-0.05, 0.25] (0.04 = 4 %)");
        Check(DividendYield is null or (>= 0 and <= 0.25), nameof(DividendYield), "must be in [0, 0.25]");
        Check(Calendar is not null, nameof(Calendar), "is required");
        return problems;
    }

    /// <summary>This instance when valid; otherwise <see cref="ArgumentException"/> listing every problem.</summary>
    public BacktestOptions Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new ArgumentException("invalid backtest options: " + string.Join("; ", problems));
    }
}
