using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>
/// Settlement instants and ACT/365 year fractions per expiry, computed once per distinct (expiry date, settlement)
/// (a chain has tens of expiries but up to hundreds of thousands of rows; time-zone conversion is not free). The
/// settlement instant is the calendar's session close on the expiry date for PM settlement (13:00 New York on an
/// early close) and the session open (09:30) for AM settlement.
/// </summary>
internal sealed class ExpiryClock(DateTimeOffset asOf, IMarketCalendar calendar)
{
    private readonly Dictionary<(DateOnly, OptionSettlement), (DateTimeOffset Instant, double Years)> _cache = [];
    private (DateOnly, OptionSettlement) _lastKey;
    private (DateTimeOffset Instant, double Years) _last;

    public DateTimeOffset SettlementOf(DateOnly expiry, OptionSettlement settlement = OptionSettlement.Pm) => Lookup(expiry, settlement).Instant;

    public double YearsTo(DateOnly expiry, OptionSettlement settlement = OptionSettlement.Pm) => Lookup(expiry, settlement).Years;

    private (DateTimeOffset Instant, double Years) Lookup(DateOnly expiry, OptionSettlement settlement)
    {
        var key = (expiry, settlement);
        if (key == _lastKey && _last.Instant != default)
        {
            return _last;
        }
        if (!_cache.TryGetValue(key, out var value))
        {
            var instant = YearFraction.SettlementInstant(calendar, expiry, settlement);
            value = (instant, YearFraction.Act365(asOf, instant));
            _cache[key] = value;
        }
        (_lastKey, _last) = (key, value);
        return value;
    }
}
