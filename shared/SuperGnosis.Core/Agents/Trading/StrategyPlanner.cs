using SuperGnosis.Core.Agents.Trading.Strategies;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Agents.Trading;

/// <summary>One strategy to try, whether the composite hinted it, and whether it is the "small" neutral structure.</summary>
internal readonly record struct PlannedStrategy(TradeStrategy Strategy, bool Hinted, bool Small);

/// <summary>
/// Maps the composite to an ordered list of strategies (table in docs/trade-agent.md). Hints
/// (<c>use_&lt;strategy_type&gt;</c> tags, in tag order) come first, then the defaults for the action and IV state.
/// Stock strategies and covered_call are built only when hinted.
/// </summary>
internal static class StrategyPlanner
{
    public const string HintPrefix = "use_";

    public static IReadOnlyList<PlannedStrategy> Plan(Suggestion composite, IvState iv, bool termInverted, TradeAgentOptions options, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(composite);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(notes);
        var confidence = composite.Confidence;
        if (composite.Action == SuggestionAction.Flat && confidence < options.FlatNeutralMinConfidence)
        {
            if (iv == IvState.Rich)
            {
                notes.Add($"flat composite with confidence {confidence:0.###} < {options.FlatNeutralMinConfidence}: one small iron condor (IV rich)");
                return [new PlannedStrategy(StrategyLibrary.All[StrategyNames.IronCondor], false, true)];
            }
            notes.Add($"flat composite with confidence {confidence:0.###} < {options.FlatNeutralMinConfidence} and IV not rich: no idea");
            return [];
        }
        if (composite.Action != SuggestionAction.Flat && confidence < options.MinConfidence)
        {
            notes.Add($"composite confidence {confidence:0.###} < {options.MinConfidence}: no idea");
            return [];
        }
        var names = new List<(string Name, bool Hinted)>();
        foreach (var tag in composite.Tags)
        {
            if (!tag.StartsWith(HintPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var name = tag[HintPrefix.Length..];
            if (StrategyLibrary.All.ContainsKey(name))
            {
                Add(names, name, true);
            }
            else
            {
                notes.Add($"unknown strategy hint '{tag}' ignored");
            }
        }
        foreach (var name in Defaults(composite.Action, iv, termInverted))
        {
            Add(names, name, false);
        }
        return [.. names.Select(n => new PlannedStrategy(StrategyLibrary.All[n.Name], n.Hinted, false))];
    }

    /// <summary>Default strategies by action and IV state (unknown IV counts as normal).</summary>
    public static IReadOnlyList<string> Defaults(SuggestionAction action, IvState iv, bool termInverted)
    {
        var rich = iv == IvState.Rich;
        var cheap = iv == IvState.Cheap;
        List<string> list = action switch
        {
            SuggestionAction.Long when rich => [StrategyNames.BullPutSpread],
            SuggestionAction.Long when cheap => [StrategyNames.LongCall, StrategyNames.CallDebitSpread],
            SuggestionAction.Long => [StrategyNames.CallDebitSpread, StrategyNames.LongCall],
            SuggestionAction.Short when rich => [StrategyNames.BearCallSpread],
            SuggestionAction.Short when cheap => [StrategyNames.LongPut, StrategyNames.PutDebitSpread],
            SuggestionAction.Short => [StrategyNames.PutDebitSpread, StrategyNames.LongPut],
            SuggestionAction.Flat when rich => [StrategyNames.IronCondor, StrategyNames.IronButterfly],
            SuggestionAction.Flat => [StrategyNames.CallButterfly],
            _ when rich => [StrategyNames.IronCondor, StrategyNames.IronButterfly],
            _ when cheap => [StrategyNames.LongStraddle, StrategyNames.LongStrangle],
            _ => [StrategyNames.CallButterfly],
        };
        if (termInverted && action is SuggestionAction.Flat or SuggestionAction.Spread or SuggestionAction.Complex)
        {
            list.Add(StrategyNames.CalendarSpread);
        }
        return list;
    }

    private static void Add(List<(string Name, bool Hinted)> names, string name, bool hinted)
    {
        if (!names.Exists(n => n.Name == name))
        {
            names.Add((name, hinted));
        }
    }
}
