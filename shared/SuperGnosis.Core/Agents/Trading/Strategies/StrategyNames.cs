namespace SuperGnosis.Core.Agents.Trading.Strategies;

/// <summary>The <c>strategy_type</c> literals of the library (hint tags are <c>use_&lt;name&gt;</c>).</summary>
internal static class StrategyNames
{
    public const string LongStock = "long_stock";
    public const string ShortStock = "short_stock";
    public const string LongCall = "long_call";
    public const string LongPut = "long_put";
    public const string CallDebitSpread = "call_debit_spread";
    public const string PutDebitSpread = "put_debit_spread";
    public const string BullPutSpread = "bull_put_spread";
    public const string BearCallSpread = "bear_call_spread";
    public const string IronCondor = "iron_condor";
    public const string IronButterfly = "iron_butterfly";
    public const string LongStraddle = "long_straddle";
    public const string LongStrangle = "long_strangle";
    public const string CallButterfly = "call_butterfly";
    public const string CalendarSpread = "calendar_spread";
    public const string CoveredCall = "covered_call";
}
