using System.CommandLine;
using SuperGnosis.Core.Options;
using SuperGnosis.Data.Greeks;

namespace SuperGnosis.Cli.Commands;

/// <summary>
/// <c>gnosis greeks --in chain.csv --out greeks.csv [--rate r] [--div q] [--as-of ISO] [--style european|american]</c>:
/// implied volatility (from <c>price</c>) or price (from <c>iv</c>) and the Greeks for every row of a CSV
/// file. Input columns: <c>type</c> (C/P), <c>strike</c>, <c>spot</c>, <c>t_years</c> or <c>expiry</c>
/// (YYYY-MM-DD, settled at the 16:00 New York close; needs --as-of), and <c>price</c> or <c>iv</c>.
/// Output: the input columns plus iv, price, delta, gamma, vega, theta, rho, vanna, charm, vomma
/// (mathematical units: per 1.00 vol, per 1.00 rate, per year; theta = dV/dt, charm = -d delta/dT),
/// vega_per_pct, theta_per_day, charm_per_day and status. See docs/options-math.md. The batch itself is
/// <see cref="GreeksCsv"/> (Data) over <see cref="OptionRowPricer"/> (Core); this command parses, calls and reports.
/// </summary>
public static class GreeksCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Option<FileInfo>("--in") { Description = "Input CSV file", Required = true };
        var output = new Option<FileInfo>("--out")
        {
            Description = "Output CSV file (written to a temporary file and renamed over this one only when complete; must not be the input)",
            Required = true,
        };
        var rate = CommonOptions.Rate(0.0);
        var div = CommonOptions.Div(0.0);
        var asOf = new Option<string?>("--as-of") { Description = CommonOptions.AsOfHelp("none; needed for the expiry column") };
        var style = new Option<string>("--style") { Description = "european or american", DefaultValueFactory = _ => "european" };
        style.AcceptOnlyFromAmong("european", "american");
        var command = new Command("greeks", "Implied volatility and Greeks for each option in a CSV file. The iv column is a decimal (0.2 for 20%); "
            + "an iv above 5 is taken as given in percent and the row fails with iv_looks_like_percent. A row whose result would not be finite "
            + "fails with non_finite_result.");
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(rate);
        command.Options.Add(div);
        command.Options.Add(asOf);
        command.Options.Add(style);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new GreeksBatchSettings(
                parse.GetValue(rate), parse.GetValue(div), CommonOptions.AsOfOrNull(parse.GetValue(asOf)),
                parse.GetValue(style) == "american");
            var inFile = CliFiles.Input("--in", parse.GetValue(input)!);
            var outFile = CliFiles.Output("--out", parse.GetValue(output)!, inFile);
            var summary = default(GreeksCsvSummary);
            await outFile.WriteTextAsync((writer, ct) =>
            {
                using var reader = new CancellableTextReader(new StreamReader(inFile.FullName), ct);
                try
                {
                    summary = GreeksCsv.Process(reader, writer, settings);
                }
                catch (GreeksCsvException ex)
                {
                    throw new CliUsageException($"{inFile.Name}: " + (ex.Problem == GreeksCsvProblem.ExpiryNeedsAsOf ? "the 'expiry' column needs --as-of" : ex.Message));
                }
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(
                $"greeks: {summary.Rows} rows ({summary.Ok} ok, {summary.Rows - summary.Ok} with a status) written to {outFile.FullName}")
                .ConfigureAwait(false);
            return GnosisCli.Ok;
        });
        return command;
    }
}
