using Microsoft.Extensions.Options;
using NCrontab;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Hosting.MarketData;
using SuperGnosis.Hosting.Storage;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:MarketData:Source</c> must name a registered source, or several joined by '+' (docs/providers.md,
/// "Combining sources"): each registered, none twice, <c>synthetic</c> only alone (its made-up chain must not meet real bars).
/// With <c>files</c>, <c>DataDirectory</c> must be a folder that exists or a location of a registered scheme (<c>az://</c>).
/// </summary>
internal sealed class MarketDataOptionsValidator(IEnumerable<IMarketDataSourceFactory> factories, IEnumerable<DataLocationScheme> schemes) : IValidateOptions<MarketDataOptions>
{
    public ValidateOptionsResult Validate(string? name, MarketDataOptions o)
    {
        var names = factories.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var parts = MarketDataSelection.Parts(o.Source);
        var unknown = parts.Where(p => !names.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        var usesFiles = parts.Contains(MarketDataOptions.FilesSource);
        return new OptionsCheck(SuperGnosisSections.MarketData)
            .That(parts.Count > 0 && unknown.Count == 0, "Source",
                $"'{o.Source}' is not a known market data source; allowed values: {string.Join(", ", names)}, or several joined by '+' (e.g. cboe+polygon)")
            .That(parts.Distinct().Count() == parts.Count, "Source", $"'{o.Source}' names a source twice")
            .That(parts.Count <= 1 || !parts.Contains(MarketDataOptions.SyntheticSource), "Source",
                $"'{o.Source}': synthetic cannot be combined with other sources (its chains and bars are made up together)")
            .Range(o.RiskFreeRate, -0.05, 0.25, "continuous annual rate: 0.04 = 4 %")
            .Positive(o.ChainStalenessLimit)
            .That(!usesFiles || LocationProblem(o.DataDirectory) is null,
                "DataDirectory", LocationProblem(o.DataDirectory) ?? string.Empty)
            .That(!string.IsNullOrWhiteSpace(o.StorageConnection), "StorageConnection", "must name the storage connection setting of az:// locations (e.g. AzureWebJobsStorage)")
            .Result();
    }

    /// <summary>Why the data location cannot be used: a local folder's problem, or the registered scheme's.</summary>
    private string? LocationProblem(string? location) => DataLocations.Problem(location, schemes, DataDirectoryProblem);

    /// <summary>Why a data directory cannot be used (null when it can): unset, not a path, missing, or a file.</summary>
    internal static string? DataDirectoryProblem(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return "must be set when Source = files (the folder of docs/data-formats.md, \"Files source\")";
        }
        if (directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return $"'{directory}' contains characters not allowed in a path";
        }
        var full = Path.GetFullPath(directory);
        return Directory.Exists(full) ? null
            : File.Exists(full) ? $"'{full}' is a file, not a directory"
            : $"'{full}' does not exist";
    }
}

/// <summary><c>SuperGnosis:Archive</c>: when on, the location must be a usable folder or a location of a registered scheme.</summary>
internal sealed class ArchiveOptionsValidator(IEnumerable<DataLocationScheme> schemes) : IValidateOptions<ArchiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchiveOptions o)
    {
        var problem = o.IsEnabled ? DataLocations.Problem(o.EffectiveLocation(), schemes, FolderProblem) : null;
        return new OptionsCheck(SuperGnosisSections.Archive).That(problem is null, "Location", problem ?? string.Empty).Result();
    }

    /// <summary>Why a folder cannot hold the archive (null when it can): not a path, a file, or under a file. A missing folder is created.</summary>
    internal static string? FolderProblem(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return $"'{directory}' is not a folder path";
        }
        var full = Path.GetFullPath(directory);
        for (var current = full; current is not null; current = Path.GetDirectoryName(current))
        {
            if (Directory.Exists(current))
            {
                return null;
            }
            if (File.Exists(current))
            {
                return current == full ? $"'{full}' is a file, not a folder" : $"'{full}' is under '{current}', which is a file";
            }
        }
        return $"'{full}' has no existing parent folder";
    }
}

/// <summary><c>SuperGnosis:Engines:Hedge</c> rate and yield overrides (when set).</summary>
internal sealed class HedgeMarketInputsValidator : IValidateOptions<HedgeMarketInputs>
{
    public ValidateOptionsResult Validate(string? name, HedgeMarketInputs o)
    {
        var check = new OptionsCheck(SuperGnosisSections.HedgeEngine);
        if (o.RiskFreeRate is { } rate)
        {
            check.Range(rate, -0.05, 0.25, "continuous annual rate: 0.04 = 4 %", "o.RiskFreeRate");
        }
        if (o.DividendYield is { } yield)
        {
            check.Range(yield, 0, 0.25, "continuous annual yield: 0.013 = 1.3 %", "o.DividendYield");
        }
        return check.Result();
    }
}

/// <summary><c>SuperGnosis:Ledger:Kind</c> must name a registered kind (or "none"); "jsonl" needs a usable path.</summary>
internal sealed class LedgerOptionsValidator(IEnumerable<LedgerKind> kinds) : IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions o)
    {
        var names = kinds.Select(k => k.Name).Append(LedgerOptions.NoneKind).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return new OptionsCheck(SuperGnosisSections.Ledger)
            .That(names.Contains(o.Kind ?? string.Empty, StringComparer.OrdinalIgnoreCase), "Kind",
                $"'{o.Kind}' is not a known ledger kind; allowed values: {string.Join(", ", names)}")
            .That(o.Path is null || o.Path.IndexOfAny(Path.GetInvalidPathChars()) < 0, "Path", "contains characters not allowed in a path")
            .Result();
    }
}

/// <summary><c>SuperGnosis:RunState:Kind</c> must name a registered kind.</summary>
internal sealed class RunStateOptionsValidator(IEnumerable<RunStateKind> kinds) : IValidateOptions<RunStateOptions>
{
    public ValidateOptionsResult Validate(string? name, RunStateOptions o)
    {
        var names = kinds.Select(k => k.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return new OptionsCheck(SuperGnosisSections.RunState)
            .That(names.Contains(o.Kind ?? string.Empty, StringComparer.OrdinalIgnoreCase), "Kind",
                $"'{o.Kind}' is not a known run-state kind; allowed values: {string.Join(", ", names)}")
            .Result();
    }
}

/// <summary><c>SuperGnosis:Scheduler</c>: watchlist symbols, interval and the NCRONTAB expression.</summary>
internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions o)
    {
        var check = new OptionsCheck(SuperGnosisSections.Scheduler)
            .That(o.IntervalMinutes is >= 1 and <= 390, "IntervalMinutes", $"= {o.IntervalMinutes} must be in [1, 390] minutes")
            .That(Cron.IsValid(o.Schedule), "Schedule", $"'{o.Schedule}' is not an NCRONTAB expression (six fields, seconds first, e.g. 0 */15 * * * 1-5)");
        for (var i = 0; i < o.Watchlist.Count; i++)
        {
            check.That(ContractValidation.IsValidSymbol(o.Watchlist[i]), $"Watchlist:{i}", $"'{o.Watchlist[i]}' is not a valid symbol (upper-case ticker such as SPY or BRK.B)");
        }
        check.That(o.Watchlist.Distinct(StringComparer.Ordinal).Count() == o.Watchlist.Count, "Watchlist", "lists a symbol twice");
        return check.Result();
    }
}

/// <summary><c>SuperGnosis:Sweeper</c>: stuck-after within a minute and a day, re-drives within 0-20, the NCRONTAB expression.</summary>
internal sealed class SweeperOptionsValidator : IValidateOptions<SweeperOptions>
{
    public ValidateOptionsResult Validate(string? name, SweeperOptions o) =>
        new OptionsCheck(SuperGnosisSections.Sweeper)
            .That(o.StuckAfter >= TimeSpan.FromMinutes(1) && o.StuckAfter <= TimeSpan.FromDays(1), "StuckAfter",
                $"= {o.StuckAfter.ToString("c", System.Globalization.CultureInfo.InvariantCulture)} must be in [00:01:00, 1.00:00:00]")
            .That(o.MaxRedrives is >= 0 and <= 20, "MaxRedrives", $"= {o.MaxRedrives} must be in [0, 20]")
            .That(Cron.IsValid(o.Schedule), "Schedule", $"'{o.Schedule}' is not an NCRONTAB expression (six fields, seconds first, e.g. 0 */5 * * * *)")
            .Result();
}

/// <summary><c>SuperGnosis:Telemetry</c>: the OTLP endpoint must be absolute http(s); the message never shows credentials.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions o) =>
        new OptionsCheck(SuperGnosisSections.Telemetry)
            .That(!string.IsNullOrWhiteSpace(o.ServiceName), "ServiceName", "must not be empty")
            .That(o.OtlpEndpoint is null || (o.OtlpEndpoint.IsAbsoluteUri && o.OtlpEndpoint.Scheme is "http" or "https"), "OtlpEndpoint",
                $"({TelemetryOptions.OtlpEndpointKey}) = {(o.OtlpEndpoint is null ? "none" : Secrets.RedactUri(o.OtlpEndpoint))} must be an absolute http or https URI")
            .That(o.OtlpHeaders is null || OtlpHeadersAreWellFormed(o.OtlpHeaders), "OtlpHeaders",
                $"({TelemetryOptions.OtlpHeadersKey}) = {Secrets.Redact(o.OtlpHeaders)} must be comma-separated key=value pairs")
            .Result();

    private static bool OtlpHeadersAreWellFormed(string headers) =>
        headers.Split(',', StringSplitOptions.RemoveEmptyEntries).All(pair => pair.IndexOf('=', StringComparison.Ordinal) > 0);
}

/// <summary>NCRONTAB with seconds (six fields), as Azure Functions timers read it.</summary>
internal static class Cron
{
    private static readonly CrontabSchedule.ParseOptions WithSeconds = new() { IncludingSeconds = true };

    public static bool IsValid(string? expression) =>
        !string.IsNullOrWhiteSpace(expression) && CrontabSchedule.TryParse(expression, WithSeconds) is not null;

    public static CrontabSchedule Parse(string expression) => CrontabSchedule.Parse(expression, WithSeconds);
}
