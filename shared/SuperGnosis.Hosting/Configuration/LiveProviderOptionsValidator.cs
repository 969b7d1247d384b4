using System.Globalization;
using Microsoft.Extensions.Options;
using SuperGnosis.Data.Providers;
using SuperGnosis.Data.Providers.Alpaca;
using SuperGnosis.Data.Providers.Polygon;
using SuperGnosis.Data.Providers.Tradier;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:Data:&lt;Provider&gt;</c>: the resilience settings in the ranges the pipeline accepts, an absolute
/// http(s) <c>BaseUrl</c>, and, when <c>MarketData:Source</c> uses the provider, its credentials. Messages name the key and
/// never show a secret's value.
/// </summary>
internal sealed class LiveProviderOptionsValidator<T>(string section, string provider, IOptions<MarketDataOptions> marketData) : IValidateOptions<T>
    where T : LiveProviderOptions
{
    public ValidateOptionsResult Validate(string? name, T o)
    {
        var check = new OptionsCheck(section);
        check.That(o.BaseUrl is null || (Uri.TryCreate(o.BaseUrl.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)),
            "BaseUrl", "must be an absolute http or https URL");
        Duration(check, o.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "Timeout");
        // Above Timeout it is Timeout (an attempt never outlives the call).
        Duration(check, o.AttemptTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), "AttemptTimeout");
        check.That(o.MaxRetries is >= 0 and <= 10, "MaxRetries", $"= {o.MaxRetries} must be in [0, 10]");
        Duration(check, o.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), "RetryDelay");
        Duration(check, o.MaxRetryAfter, TimeSpan.Zero, TimeSpan.FromHours(1), "MaxRetryAfter");
        check.That(o.BreakerFailureRatio is > 0 and <= 1, "BreakerFailureRatio", $"= {o.BreakerFailureRatio.ToString("R", CultureInfo.InvariantCulture)} must be in (0, 1]");
        check.That(o.BreakerMinimumThroughput >= 2, "BreakerMinimumThroughput", $"= {o.BreakerMinimumThroughput} must be at least 2");
        Duration(check, o.BreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1), "BreakerSamplingDuration");
        Duration(check, o.BreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1), "BreakDuration");
        Duration(check, o.CacheTimeToLive, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "CacheTimeToLive");
        if (o is HistoryProviderOptions h)
        {
            check.That(h.DailyHistoryDays is >= 1 and <= 3650, "DailyHistoryDays", $"= {h.DailyHistoryDays} must be in [1, 3650] (calendar days)");
            check.That(h.MaxTicksPerRequest is >= 1 and <= 10_000_000, "MaxTicksPerRequest", $"= {h.MaxTicksPerRequest} must be in [1, 10000000]");
            check.That(h.QuoteSizeMultiplier > 0 && double.IsFinite(h.QuoteSizeMultiplier), "QuoteSizeMultiplier", "must be a finite number > 0 (100: sizes in round lots, 1: in shares)");
        }
        if (o is AlpacaOptions a)
        {
            check.That(a.Feed is "sip" or "iex" or "delayed_sip", "Feed", $"'{a.Feed}' must be sip, iex or delayed_sip");
        }
        if (MarketDataSelection.Parts(marketData.Value.Source).Contains(provider))
        {
            var uses = $"must be set when {SuperGnosisSections.MarketData}:Source uses {provider}";
            switch (o)
            {
                case PolygonOptions p:
                    check.That(!string.IsNullOrWhiteSpace(p.ApiKey), "ApiKey", uses + " (or set POLYGON_API_KEY)");
                    break;
                case TradierOptions t:
                    check.That(!string.IsNullOrWhiteSpace(t.ApiKey), "ApiKey", uses + " (the account's access token)");
                    break;
                case AlpacaOptions al:
                    check.That(!string.IsNullOrWhiteSpace(al.KeyId), "KeyId", uses + " (or set APCA_API_KEY_ID)");
                    check.That(!string.IsNullOrWhiteSpace(al.SecretKey), "SecretKey", uses + " (or set APCA_API_SECRET_KEY)");
                    break;
            }
        }
        return check.Result();
    }

    private static void Duration(OptionsCheck check, TimeSpan value, TimeSpan min, TimeSpan max, string key) =>
        check.That(value >= min && value <= max, key,
            $"= {value.ToString("c", CultureInfo.InvariantCulture)} must be between {min.ToString("c", CultureInfo.InvariantCulture)} and {max.ToString("c", CultureInfo.InvariantCulture)}");
}

/// <summary><c>MarketData:Source</c> as the list of source names it combines (<c>cboe+polygon</c> -> cboe, polygon), lower case.</summary>
public static class MarketDataSelection
{
    public static IReadOnlyList<string> Parts(string? source) =>
        [.. (source ?? string.Empty).Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(p => p.ToLowerInvariant())];
}
