using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.MarketData;

namespace SuperGnosis.Cli.Commands;

/// <summary>Parsing shared by commands; failures throw <see cref="CliUsageException"/> (exit code 2).</summary>
public static class CommonOptions
{
    /// <summary><c>--as-of</c> help: the one rule (<see cref="AsOfText.HelpRule"/>) and the command's default.</summary>
    public static string AsOfHelp(string defaultValue) => $"Instant, {AsOfText.HelpRule} (default: {defaultValue})";

    /// <summary><c>--as-of</c> by <see cref="AsOfText"/>: absent means now.</summary>
    public static DateTimeOffset AsOfOrNow(string? text, TimeProvider time) => AsOfOrNull(text) ?? time.GetUtcNow();

    /// <summary><c>--as-of</c> by <see cref="AsOfText"/>: absent means null (the command's own default).</summary>
    public static DateTimeOffset? AsOfOrNull(string? text)
    {
        try
        {
            return AsOfText.ParseOptional(text);
        }
        catch (AsOfFormatException ex)
        {
            throw new CliUsageException("--as-of " + ex.Message);
        }
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
