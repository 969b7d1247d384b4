using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Agents.Trading;

public enum IvState
{
    /// <summary>No realized vol (or no ATM IV) and no tag: treated like normal.</summary>
    Unknown,
    Cheap,
    Normal,
    Rich,
}

/// <summary>
/// Rich versus cheap implied vol: ratio = ATM IV of the primary expiry / 20-day close-to-close realized vol;
/// rich above <see cref="TradeAgentOptions.IvRichRatio"/>, cheap below <see cref="TradeAgentOptions.IvCheapRatio"/>.
/// The composite's <c>iv_rich</c> / <c>iv_cheap</c> tags override the ratio.
/// </summary>
public sealed record VolatilityView(double AtmIv, double? RealizedVol, double? Ratio, IvState State, bool FromTag)
{
    public const string RichTag = "iv_rich";
    public const string CheapTag = "iv_cheap";

    public static VolatilityView Assess(double atmIv, double? realizedVol, IReadOnlyList<string> tags, TradeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(options);
        double? ratio = realizedVol is > 0 && atmIv > 0 && double.IsFinite(atmIv) ? atmIv / realizedVol.Value : null;
        if (tags.Contains(RichTag))
        {
            return new VolatilityView(atmIv, realizedVol, ratio, IvState.Rich, true);
        }
        if (tags.Contains(CheapTag))
        {
            return new VolatilityView(atmIv, realizedVol, ratio, IvState.Cheap, true);
        }
        var state = ratio switch
        {
            null => IvState.Unknown,
            > 0 when ratio > options.IvRichRatio => IvState.Rich,
            > 0 when ratio < options.IvCheapRatio => IvState.Cheap,
            _ => IvState.Normal,
        };
        return new VolatilityView(atmIv, realizedVol, ratio, state, false);
    }

    public string Tag => State switch
    {
        IvState.Rich => RichTag,
        IvState.Cheap => CheapTag,
        IvState.Normal => "iv_normal",
        _ => "iv_unknown",
    };

    internal static bool HasTag(Suggestion s, string tag) => s.Tags.Contains(tag);
}
