namespace SuperGnosis.Core.Agents.Trading.Strategies;

/// <summary>Every strategy of the library by its <c>strategy_type</c> name: the single place where a name maps to a class.</summary>
internal static class StrategyLibrary
{
    public static IReadOnlyDictionary<string, TradeStrategy> All { get; } = new TradeStrategy[]
    {
        new LongStock(), new ShortStock(), new LongCall(), new LongPut(), new CallDebitSpread(), new PutDebitSpread(),
        new BullPutSpread(), new BearCallSpread(), new IronCondor(), new IronButterfly(), new LongStraddle(),
        new LongStrangle(), new CallButterfly(), new CalendarSpread(), new CoveredCall(),
    }.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out TradeStrategy strategy) => All.TryGetValue(name, out strategy!);
}
