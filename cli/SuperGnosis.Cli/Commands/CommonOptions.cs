using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Engines.Hedge;
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

    /// <summary>The largest contract multiplier accepted (shares per contract; real ones are 1 to 1000).</summary>
    public const double MaxMultiplier = 1e6;

    /// <summary><c>--rate</c>: a continuously compounded annual rate as a decimal, -1 to 1 (0.04 is 4%; 5 would be 500%).</summary>
    public static Option<double> Rate(double defaultValue) =>
        Number("--rate", $"Risk-free rate, continuous annual, as a decimal between -1 and 1, e.g. 0.04 (default {Text(defaultValue)})",
            defaultValue, v => Math.Abs(v) <= 1, "a finite annual rate between -1 and 1, e.g. 0.04");

    /// <summary><c>--div</c>: a continuous annual dividend yield as a decimal, -1 to 1.</summary>
    public static Option<double> Div(double defaultValue) =>
        Number("--div", $"Dividend yield, continuous annual, as a decimal between -1 and 1, e.g. 0.013 (default {Text(defaultValue)})",
            defaultValue, v => Math.Abs(v) <= 1, "a finite annual yield between -1 and 1, e.g. 0.013");

    /// <summary><c>--multiplier</c>: shares per contract, &gt; 0 and at most <see cref="MaxMultiplier"/>.</summary>
    public static Option<double> Multiplier(double defaultValue) =>
        Number("--multiplier", $"Shares per contract, > 0 and at most 1000000 (default {Text(defaultValue)})",
            defaultValue, v => v > 0 && v <= MaxMultiplier, "a number > 0 and at most 1000000 (shares per contract, e.g. 100)");

    /// <summary><c>--expiries</c>: all, 0dte, weekly or monthly (docs/hedge-engine.md, "Expiry filters").</summary>
    public static Option<ExpirySelection> Expiries() => new("--expiries")
    {
        Description = "Expiries every feature is computed from: all (default); 0dte (expiring on the as-of's New York date, not yet settled); "
            + "monthly (the standard monthly: the third Friday, or the session before when that Friday is a holiday; on that date the "
            + "AM-settled contracts when a root distinguishes them, e.g. SPX but not SPXW; every contract of a single-root equity or ETF chain); "
            + "weekly (every expiry that is not monthly)",
        DefaultValueFactory = _ => ExpirySelection.All,
        CustomParser = result =>
        {
            var token = string.Join(" ", result.Tokens.Select(t => t.Value));
            if (ExpiryFilter.Parse(token) is { } selection)
            {
                return selection;
            }
            result.AddError($"--expiries must be all, 0dte, weekly or monthly (got '{token}')");
            return ExpirySelection.All;
        },
    };

    /// <summary><c>--max-dte</c>: keep contracts with at most N calendar days to expiry; N an integer &gt;= 0.</summary>
    public static Option<int?> MaxDte() => new("--max-dte")
    {
        Description = "Keep only contracts with at most N days to expiry, N an integer >= 0; DTE = calendar days from the as-of's "
            + "New York date to the expiry date (0 on the expiry date). Combines with --expiries (default: no limit)",
        CustomParser = result =>
        {
            var token = string.Join(" ", result.Tokens.Select(t => t.Value));
            if (int.TryParse(token.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            {
                return days;
            }
            result.AddError($"--max-dte must be a whole number of days >= 0 such as 7 (got '{token}')");
            return null;
        },
    };

    /// <summary>
    /// A number option read by <see cref="TryParseNumber"/> and checked by <paramref name="inRange"/>; anything else is a
    /// parse error (exit code 2) naming the option, what it needs and what was given. Every command shares these.
    /// </summary>
    public static Option<double> Number(string name, string description, double defaultValue, Func<double, bool> inRange, string expected)
    {
        ArgumentNullException.ThrowIfNull(inRange);
        return new Option<double>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(" ", result.Tokens.Select(t => t.Value));
                if (!TryParseNumber(token, out var value))
                {
                    result.AddError($"{name} must be a plain number such as 0.04 (invariant: '.' for decimals, no thousands separators); got '{token}'");
                    return defaultValue;
                }
                if (!inRange(value))
                {
                    result.AddError($"{name} must be {expected} (got {token})");
                }
                return value;
            },
        };
    }

    /// <summary>
    /// A number as every option reads it: invariant culture, an optional sign, '.' for decimals, an optional exponent; no
    /// thousands separators (so "0,1" and "1,0" are errors rather than 1 and 10), no currency, no white space inside, and
    /// only finite values.
    /// </summary>
    public static bool TryParseNumber(string? text, out double value)
    {
        value = double.NaN;
        var trimmed = (text ?? string.Empty).Trim();
        return trimmed.Length > 0
            && double.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
