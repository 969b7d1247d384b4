using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Messaging;

/// <summary>
/// Which stage consumers a process hosts (<see cref="BusOptions.Stages"/>, <c>gnosis worker --stages</c>). A selection is
/// a comma-separated list of, case-insensitively:
/// <list type="bullet">
/// <item><c>all</c> or <c>none</c>;</item>
/// <item>a stage's name: an engine's kind (<c>hedge</c>, <c>liquidity</c>, <c>sentiment</c>, <c>elasticity</c>), or the
/// stage's queue without its <c>sg-</c> prefix (<c>engine-hedge</c>, <c>snapshot</c>, <c>agent-primary-hedge</c>,
/// <c>composer</c>, <c>trade</c>, <c>ledger</c>), or the queue name itself;</item>
/// <item>a group: <c>engines</c> (every engine stage), <c>agents</c> (every primary agent stage).</item>
/// </list>
/// </summary>
public static class StageSelection
{
    public const string All = "all";
    public const string None = "none";
    public const string Engines = "engines";
    public const string Agents = "agents";

    /// <summary>The short name of a stage: the engine kind for engines, the queue name without <c>sg-</c> otherwise.</summary>
    public static string NameOf(StageAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Route == StageRoute.Engine ? address.Part! : address.QueueName[StageAddress.QueuePrefix.Length..];
    }

    /// <summary>Every name <see cref="Parse"/> accepts for <paramref name="stages"/>, in pipeline order (groups first).</summary>
    public static IReadOnlyList<string> KnownNames(IReadOnlyList<StageAddress> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        return [All, None, Engines, Agents, .. stages.Select(NameOf)];
    }

    /// <summary>
    /// The addresses of <paramref name="stages"/> (the configured plan's, in its order) that <paramref name="selection"/>
    /// names. <see cref="ArgumentException"/> with one line naming the unknown entries and the known names, or an empty list.
    /// </summary>
    public static IReadOnlyList<StageAddress> Parse(string? selection, IReadOnlyList<StageAddress> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var names = (selection ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw new ArgumentException($"no stage is named; use {All}, {None} or names from: {string.Join(", ", KnownNames(stages))}", nameof(selection));
        }
        var chosen = new HashSet<StageAddress>();
        var unknown = new List<string>();
        foreach (var name in names)
        {
            var matched = Match(name.ToLowerInvariant(), stages).ToList();
            if (matched.Count == 0 && !string.Equals(name, None, StringComparison.OrdinalIgnoreCase))
            {
                unknown.Add(name);
            }
            chosen.UnionWith(matched);
        }
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"unknown stage{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}; known: {string.Join(", ", KnownNames(stages))}",
                nameof(selection));
        }
        if (chosen.Count > 0 && names.Any(n => string.Equals(n, None, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"'{None}' cannot be combined with stage names", nameof(selection));
        }
        return [.. stages.Where(chosen.Contains)];
    }

    private static IEnumerable<StageAddress> Match(string name, IReadOnlyList<StageAddress> stages) => name switch
    {
        All => stages,
        None => [],
        Engines => stages.Where(s => s.Route == StageRoute.Engine),
        Agents => stages.Where(s => s.Route == StageRoute.Agent),
        _ => stages.Where(s => NameOf(s) == name || s.QueueName == name || s.QueueName == StageAddress.QueuePrefix + name),
    };
}
