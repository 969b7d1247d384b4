using SuperGnosis.Core.Text;
using System.CommandLine;
using System.Globalization;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis greeks --in chain.csv --out greeks.csv [--rate r] [--div q] [--as-of ISO] [--style european|american]</c>:
/// implied volatility (from <c>price</c>) or price (from <c>iv</c>) and the Greeks for every row of a CSV
/// file. Input columns: <c>type</c> (C/P), <c>strike</c>, <c>spot</c>, <c>t_years</c> or <c>expiry</c>
/// (YYYY-MM-DD, settled at the 16:00 New York close; needs --as-of), and <c>price</c> or <c>iv</c>.
/// Output: the input columns plus iv, price, delta, gamma, vega, theta, rho, vanna, charm, vomma
/// (mathematical units: per 1.00 vol, per 1.00 rate, per year; theta = dV/dt, charm = -d delta/dT),
/// vega_per_pct, theta_per_day, charm_per_day and status. See docs/options-math.md.
/// </summary>
public static class GreeksCommand
{
    internal static readonly string[] OutputColumns =
    [
        "iv", "price", "delta", "gamma", "vega", "theta", "rho", "vanna", "charm", "vomma",
        "vega_per_pct", "theta_per_day", "charm_per_day", "status",
    ];

    public static Command Create(CliContext context)
    {
        var input = new Option<string>("--in") { Description = "Input CSV file", Required = true };
        var output = new Option<string>("--out") { Description = "Output CSV file", Required = true };
        var rate = new Option<double>("--rate") { Description = "Continuously compounded risk-free rate (default 0)", DefaultValueFactory = _ => 0.0 };
        var div = new Option<double>("--div") { Description = "Continuous dividend yield (default 0)", DefaultValueFactory = _ => 0.0 };
        var asOf = new Option<string?>("--as-of") { Description = "Valuation instant, ISO 8601; without an offset it is New York time. Needed for the expiry column" };
        var style = new Option<string>("--style") { Description = "european or american", DefaultValueFactory = _ => "european" };
        style.AcceptOnlyFromAmong("european", "american");
        var command = new Command("greeks", "Implied volatility and Greeks for each option in a CSV file.");
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(rate);
        command.Options.Add(div);
        command.Options.Add(asOf);
        command.Options.Add(style);
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var settings = new GreeksSettings(
                    parse.GetValue(rate), parse.GetValue(div), ParseAsOf(parse.GetValue(asOf)),
                    parse.GetValue(style) == "american");
                var inPath = parse.GetValue(input)!;
                var outPath = parse.GetValue(output)!;
                if (!File.Exists(inPath))
                {
                    throw new CliUsageException($"input file not found: {inPath}");
                }
                GreeksSummary summary;
                using (var reader = new StreamReader(inPath))
                using (var writer = new StreamWriter(outPath, append: false, new System.Text.UTF8Encoding(false)))
                {
                    summary = Process(reader, writer, settings);
                }
                await context.Out.WriteLineAsync(
                    $"greeks: {summary.Rows} rows ({summary.Ok} ok, {summary.Rows - summary.Ok} with a status) written to {outPath}")
                    .ConfigureAwait(false);
                return GnosisCli.Ok;
            }
            catch (CliUsageException ex)
            {
                await context.Error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return GnosisCli.BadArguments;
            }
        });
        return command;
    }

    internal sealed record GreeksSettings(double Rate, double Div, DateTimeOffset? AsOf, bool American);

    internal readonly record struct GreeksSummary(int Rows, int Ok);

    /// <summary>Reads the CSV, computes each row, writes the result. Throws <see cref="CliUsageException"/> for unusable files.</summary>
    internal static GreeksSummary Process(TextReader reader, TextWriter writer, GreeksSettings settings)
    {
        if (!double.IsFinite(settings.Rate) || !double.IsFinite(settings.Div))
        {
            throw new CliUsageException("--rate and --div must be finite numbers");
        }
        IEnumerator<string[]> records;
        string[] header;
        try
        {
            records = Csv.Read(reader).Select(r => r.Fields).GetEnumerator();
            if (!records.MoveNext())
            {
                throw new CliUsageException("input file is empty (no header row)");
            }
            header = records.Current.Select(h => h.Trim()).ToArray();
        }
        catch (FormatException ex)
        {
            throw new CliUsageException("malformed CSV: " + ex.Message);
        }
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            if (!index.TryAdd(header[i], i))
            {
                throw new CliUsageException($"duplicate column '{header[i]}'");
            }
        }
        foreach (var required in new[] { "type", "strike", "spot" })
        {
            if (!index.ContainsKey(required))
            {
                throw new CliUsageException($"missing column '{required}'");
            }
        }
        if (!index.ContainsKey("t_years") && !index.ContainsKey("expiry"))
        {
            throw new CliUsageException("missing column: need 't_years' or 'expiry'");
        }
        if (!index.ContainsKey("t_years") && settings.AsOf is null)
        {
            throw new CliUsageException("the 'expiry' column needs --as-of");
        }
        if (!index.ContainsKey("price") && !index.ContainsKey("iv"))
        {
            throw new CliUsageException("missing column: need 'price' or 'iv'");
        }

        // Output = input columns (computed columns replace same-named input ones) + the missing computed columns.
        var outHeader = header.ToList();
        var outIndex = new int[OutputColumns.Length];
        for (var c = 0; c < OutputColumns.Length; c++)
        {
            if (index.TryGetValue(OutputColumns[c], out var existing))
            {
                outIndex[c] = existing;
            }
            else
            {
                outIndex[c] = outHeader.Count;
                outHeader.Add(OutputColumns[c]);
            }
        }
        Csv.WriteRecord(writer, outHeader);
        var rows = 0;
        var ok = 0;
        var fields = new string[outHeader.Count];
        while (true)
        {
            string[] record;
            try
            {
                if (!records.MoveNext())
                {
                    break;
                }
                record = records.Current;
            }
            catch (FormatException ex)
            {
                throw new CliUsageException("malformed CSV: " + ex.Message);
            }
            rows++;
            Array.Fill(fields, string.Empty);
            Array.Copy(record, fields, Math.Min(record.Length, header.Length));
            var values = record.Length == header.Length
                ? Compute(record, index, settings)
                : RowResult.Failed("wrong_field_count");
            if (values.Status == "ok")
            {
                ok++;
            }
            double[] numbers =
            [
                values.Iv, values.Price, values.Delta, values.Gamma, values.Vega, values.Theta, values.Rho, values.Vanna, values.Charm,
                values.Vomma, values.Vega / 100, values.Theta / 365, values.Charm / 365,
            ];
            for (var c = 0; c < numbers.Length; c++)
            {
                // A failed row keeps its own values in input columns that share a computed column's name (e.g. price).
                if (values.Status == "ok" || outIndex[c] >= header.Length)
                {
                    fields[outIndex[c]] = Format(numbers[c]);
                }
            }
            fields[outIndex[^1]] = values.Status;
            Csv.WriteRecord(writer, fields);
        }
        return new GreeksSummary(rows, ok);
    }

    private readonly record struct RowResult(
        string Status, double Iv, double Price, double Delta, double Gamma, double Vega, double Theta, double Rho, double Vanna,
        double Charm, double Vomma)
    {
        public static RowResult Failed(string status) => new(status, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
            double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
    }

    private static RowResult Compute(string[] record, Dictionary<string, int> index, GreeksSettings settings)
    {
        string Field(string name) => index.TryGetValue(name, out var i) ? record[i].Trim() : string.Empty;

        OptionRight right;
        switch (Field("type").ToUpperInvariant())
        {
            case "C" or "CALL":
                right = OptionRight.Call;
                break;
            case "P" or "PUT":
                right = OptionRight.Put;
                break;
            default:
                return RowResult.Failed("bad_type");
        }
        if (!TryNumber(Field("strike"), out var strike))
        {
            return RowResult.Failed("bad_strike");
        }
        if (!TryNumber(Field("spot"), out var spot))
        {
            return RowResult.Failed("bad_spot");
        }
        double t;
        var tText = Field("t_years");
        var expiryText = Field("expiry");
        if (tText.Length > 0)
        {
            if (!TryNumber(tText, out t))
            {
                return RowResult.Failed("bad_t_years");
            }
        }
        else if (expiryText.Length > 0)
        {
            if (!DateOnly.TryParseExact(expiryText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiry))
            {
                return RowResult.Failed("bad_expiry");
            }
            if (settings.AsOf is not { } asOf)
            {
                return RowResult.Failed("missing_as_of");
            }
            t = YearFraction.ToExpiry(asOf, expiry);
        }
        else
        {
            return RowResult.Failed("missing_time");
        }

        var priceText = Field("price");
        var ivText = Field("iv");
        double iv;
        if (priceText.Length > 0)
        {
            if (!TryNumber(priceText, out var marketPrice))
            {
                return RowResult.Failed("bad_price");
            }
            var solved = settings.American
                ? AmericanOption.ImpliedVolatility(right, marketPrice, spot, strike, t, settings.Rate, settings.Div)
                : ImpliedVolatility.European(right, marketPrice, spot, strike, t, settings.Rate, settings.Div);
            if (!solved.IsOk)
            {
                return RowResult.Failed(solved.Status.ToText());
            }
            iv = solved.Volatility;
        }
        else if (ivText.Length > 0)
        {
            if (!TryNumber(ivText, out iv))
            {
                return RowResult.Failed("bad_iv");
            }
        }
        else
        {
            return RowResult.Failed("missing_price_or_iv");
        }

        var check = BlackScholes.Check(spot, strike, t, settings.Rate, settings.Div, iv);
        if (check != OptionStatus.Ok)
        {
            return RowResult.Failed(check.ToText());
        }
        if (settings.American)
        {
            var a = AmericanOption.Greeks(right, spot, strike, t, settings.Rate, settings.Div, iv);
            return new RowResult("ok", iv, a.Price, a.Delta, a.Gamma, a.Vega, a.Theta, a.Rho, a.Vanna, a.Charm, a.Vomma);
        }
        var g = BlackScholes.Greeks(right, spot, strike, t, settings.Rate, settings.Div, iv);
        return new RowResult("ok", iv, g.Price, g.Delta, g.Gamma, g.Vega, g.Theta, g.Rho, g.Vanna, g.Charm, g.Vomma);
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static string Format(double value) =>
        double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>ISO 8601 instant; without an explicit offset or Z it is read as America/New_York wall-clock time.</summary>
    internal static DateTimeOffset? ParseAsOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            throw new CliUsageException($"--as-of '{text}' is not an ISO 8601 date-time");
        }
        if (parsed.Kind == DateTimeKind.Unspecified)
        {
            return NewYorkTime.TryAtStrict(DateOnly.FromDateTime(parsed), TimeOnly.FromDateTime(parsed), out var instant)
                ? instant
                : throw new CliUsageException($"--as-of '{text}' does not exist in New York (clocks skip from 02:00 to 03:00 that day)");
        }
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }
}
