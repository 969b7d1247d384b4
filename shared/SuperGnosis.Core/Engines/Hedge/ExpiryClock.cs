using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Core.Engines.Hedge;

/// <summary>
/// Settlement instants and ACT/365 year fractions per expiry, computed once per distinct expiry (a chain
/// has tens of expiries but up to hundreds of thousands of rows; time-zone conversion is not free). The
/// settlement instant is the calendar's session close on the expiry date (13:00 New York on an early close).
/// </summary>
internal sealed class ExpiryClock(DateTimeOffset asOf, IMarketCalendar calendar)
{
    private readonly Dictionary<DateOnly, (DateTimeOffset Instant, double Years)> _cache = [];
    private DateOnly _lastExpiry;
    private (DateTimeOffset Instant, double Years) _last;

    public DateTimeOffset SettlementOf(DateOnly expiry) => Lookup(expiry).Instant;

    public double YearsTo(DateOnly expiry) => Lookup(expiry).Years;

    private (DateTimeOffset Instant, double Years) Lookup(DateOnly expiry)
    {
        if (expiry == _lastExpiry && _last.Instant != default)
        {
            return _last;
        }
        if (!_cache.TryGetValue(expiry, out var value))
        {
            var instant = YearFraction.SettlementInstant(calendar, expiry);
            value = (instant, YearFraction.Act365(asOf, instant));
            _cache[expiry] = value;
        }
        (_lastExpiry, _last) = (expiry, value);
        return value;
    }
}
