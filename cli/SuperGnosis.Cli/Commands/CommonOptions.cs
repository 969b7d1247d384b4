using System.Globalization;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Cli.Commands;

/// <summary>Parsing shared by commands; failures throw <see cref="CliUsageException"/> (exit code 2).</summary>
public static class CommonOptions
{
    /// <summary>Parses an ISO-8601 instant; a value without offset is taken as UTC.</summary>
    public static DateTimeOffset ParseAsOf(string? text, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return time.GetUtcNow();
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }
        throw new CliUsageException($"--as-of must be an ISO-8601 date or instant such as 2026-11-24T15:30:00Z (got '{text}')");
    }

    /// <summary>Upper-cases and validates a ticker.</summary>
    public static string ParseSymbol(string? text)
    {
        var symbol = (text ?? string.Empty).Trim().ToUpperInvariant();
        return ContractValidation.IsValidSymbol(symbol)
            ? symbol
            : throw new CliUsageException($"'{text}' is not a ticker (expected e.g. SPY, ^SPX or BRK.B)");
    }
}
