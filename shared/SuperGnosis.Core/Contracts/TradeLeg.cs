using System.Text.Json.Serialization;
using V = SuperGnosis.Core.Contracts.ContractValidation;

namespace SuperGnosis.Core.Contracts;

/// <summary>
/// One leg of a trade idea (seed schema <c>TradeLeg</c>). Option legs (C, P) carry a strike and an
/// expiry (serialized <c>YYYY-MM-DD</c>); stock legs carry neither. <see cref="Qty"/> is a positive
/// count of contracts (options) or shares (stock) per unit of the idea; the sign lives in
/// <see cref="Direction"/>. <see cref="Root"/> (JSON <c>root</c>, omitted when null) names the OCC root when it
/// differs from the symbol.
/// </summary>
public sealed record TradeLeg(
    InstrumentType InstrumentType,
    LegDirection Direction,
    int Qty,
    double? Strike,
    DateOnly? Expiry,
    string? Root = null)
{
    [JsonPropertyName("instrument_type")] public InstrumentType InstrumentType { get; } = V.Defined(InstrumentType, "instrument_type");
    [JsonPropertyName("direction")] public LegDirection Direction { get; } = V.Defined(Direction, "direction");
    [JsonPropertyName("qty")] public int Qty { get; } = Qty > 0 ? Qty : throw new ArgumentException($"qty must be > 0 (got {Qty})", "qty");
    [JsonPropertyName("strike")] public double? Strike { get; } = CheckStrike(InstrumentType, Strike);
    [JsonPropertyName("expiry")] public DateOnly? Expiry { get; } = CheckExpiry(InstrumentType, Expiry);

    /// <summary>OCC root when it differs from the idea's symbol (e.g. SPXW for SPX); omitted from JSON when null.</summary>
    [JsonPropertyName("root")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Root { get; } = CheckRoot(InstrumentType, Root);

    [JsonIgnore] public bool IsOption => InstrumentType != InstrumentType.Stock;

    /// <summary>+1 for bought legs, -1 for sold legs.</summary>
    [JsonIgnore] public int Sign => Direction == LegDirection.Buy ? 1 : -1;

    private static double? CheckStrike(InstrumentType type, double? strike)
    {
        if (type == InstrumentType.Stock)
        {
            return strike is null ? null : throw new ArgumentException("strike must be null for a STOCK leg", "strike");
        }
        if (strike is not { } k || !double.IsFinite(k) || k <= 0)
        {
            throw new ArgumentException($"strike must be a finite positive number for an option leg (got {strike})", "strike");
        }
        return k;
    }

    private static string? CheckRoot(InstrumentType type, string? root)
    {
        if (root is null)
        {
            return null;
        }
        if (type == InstrumentType.Stock)
        {
            throw new ArgumentException("root must be null for a STOCK leg", "root");
        }
        return root.Length is > 0 and <= 7 && root.All(char.IsAsciiLetterOrDigit)
            ? root
            : throw new ArgumentException($"root must be 1-7 ASCII letters or digits (got '{root}')", "root");
    }

    private static DateOnly? CheckExpiry(InstrumentType type, DateOnly? expiry)
    {
        if (type == InstrumentType.Stock)
        {
            return expiry is null ? null : throw new ArgumentException("expiry must be null for a STOCK leg", "expiry");
        }
        return expiry ?? throw new ArgumentException("expiry is required for an option leg", "expiry");
    }
}
