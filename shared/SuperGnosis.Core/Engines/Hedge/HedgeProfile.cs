using System.Text.Json;
using System.Text.Json.Serialization;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>Exposure at one strike, summed over all expiries (USD per 1% move; vanna USD per vol point; charm USD per day).</summary>
public sealed record StrikeExposure(
    double Strike,
    double CallGexUsdPer1Pct,
    double PutGexUsdPer1Pct,
    double NetGexUsdPer1Pct,
    double AbsGexUsdPer1Pct,
    double VannaUsdPerVolPt,
    double CharmUsdPerDay,
    double CallOpenInterest,
    double PutOpenInterest);

/// <summary>Exposure of one expiry: a (date, settlement) pair, so an AM and a PM expiry on one date are two entries (JSON <c>settlement</c>: am|pm).</summary>
public sealed record ExpiryExposure(DateOnly Expiry, double NetGexUsdPer1Pct, double VannaUsdPerVolPt, double CharmUsdPerDay, double OpenInterest,
    MarketData.OptionSettlement Settlement = MarketData.OptionSettlement.Pm);

/// <summary>Net GEX recomputed at a hypothetical spot (each contract keeps its IV, time fixed).</summary>
public sealed record GammaCurvePoint(double Spot, double NetGexUsdPer1Pct);

/// <summary>Key levels; null when absent (e.g. no sign change of net GEX within the search range).</summary>
public sealed record HedgeLevels(double Spot, double? ZeroGamma, double? CallWall, double? PutWall, double? AbsGammaStrike);

/// <summary>The hedge engine's artifact for the dashboard and the CLI.</summary>
public sealed record HedgeProfile(
    string Symbol,
    DateTimeOffset AsOf,
    HedgeLevels Levels,
    IReadOnlyList<StrikeExposure> ByStrike,
    IReadOnlyList<ExpiryExposure> ByExpiry,
    IReadOnlyList<GammaCurvePoint> GammaCurve);

/// <summary>snake_case JSON for <see cref="HedgeProfile"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(HedgeProfile))]
public sealed partial class HedgeProfileJsonContext : JsonSerializerContext
{
    public static string Serialize(HedgeProfile profile) => JsonSerializer.Serialize(profile, Default.HedgeProfile);
}
