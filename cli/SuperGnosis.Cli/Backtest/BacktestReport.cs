using System.Globalization;
using System.Net;
using System.Text;
using SuperGnosis.Core.Backtesting;

namespace SuperGnosis.Cli.Backtest;

/// <summary>
/// The <c>--report &lt;dir&gt;</c> output: <c>equity.png</c> and <c>drawdown.png</c> (ScottPlot) and <c>index.html</c>, a
/// self-contained page (no script, no external resource: the two charts are embedded as PNG data URIs) with the run's
/// settings, the metrics, both charts and the trade list.
/// </summary>
internal static class BacktestReport
{
    public const int Width = 1100;
    public const int Height = 420;

    public static byte[] EquityPng(BacktestResult result)
    {
        var plot = new ScottPlot.Plot();
        var xs = result.Equity.Select(p => p.Time.UtcDateTime.ToOADate()).ToArray();
        var ys = result.Equity.Select(p => p.Equity).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.Color = ScottPlot.Color.FromHex("#1F3A93");
        plot.Add.HorizontalLine(result.InitialEquity, 1, ScottPlot.Colors.Gray, ScottPlot.LinePattern.Dashed);
        plot.Axes.DateTimeTicksBottom();
        plot.Title($"{result.Symbol} equity (marked), {result.From:yyyy-MM-dd} to {result.To:yyyy-MM-dd}");
        plot.YLabel("equity");
        return Png(plot);
    }

    public static byte[] DrawdownPng(BacktestResult result)
    {
        var plot = new ScottPlot.Plot();
        var xs = result.Equity.Select(p => p.Time.UtcDateTime.ToOADate()).ToArray();
        var ys = BacktestSummary.MarkedDrawdowns(result.InitialEquity, result.Equity).Select(d => -100 * d).ToArray();
        var fill = plot.Add.Scatter(xs, ys);
        fill.MarkerSize = 0;
        fill.LineWidth = 1.5f;
        fill.Color = ScottPlot.Color.FromHex("#D1453B");
        fill.FillY = true;
        fill.FillYColor = ScottPlot.Color.FromHex("#D1453B").WithAlpha(0.3);
        plot.Axes.DateTimeTicksBottom();
        plot.Title("Drawdown of the marked equity from its running peak");
        plot.YLabel("drawdown, % of peak");
        return Png(plot);
    }

    private static byte[] Png(ScottPlot.Plot plot)
    {
        using var image = plot.GetImage(Width, Height);
        return image.GetImageBytes(ScottPlot.ImageFormat.Png);
    }

    public static string Html(BacktestResult result, BacktestSummary summary, BacktestOptions options, string ledger, byte[] equityPng, byte[] drawdownPng)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Backtest {result.Symbol} {result.From:yyyy-MM-dd} to {result.To:yyyy-MM-dd}"))
            .Append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
                + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}"
                + ".neg{color:#b03a2e}img{max-width:100%}</style></head><body>\n");
        html.Append("<h1>").Append(E($"Backtest {result.Symbol}")).Append("</h1>\n<p>")
            .Append(E($"{result.From:yyyy-MM-dd} to {result.To:yyyy-MM-dd}, {Interval(result.Interval)} steps; fills {options.FillPrice.ToString().ToLowerInvariant()}, "
                + $"slippage {Num(options.SlippagePerShare)} per share + {Num(options.SlippageSpreadFraction)} of the spread, "
                + $"fees {(options.ChargeFees ? "tiered per contract" : "none")}, exit DTE {Num(options.ExitDte)}; ledger {ledger}"))
            .Append("</p>\n<h2>Metrics</h2>\n<table>");
        foreach (var (name, value) in Rows(summary))
        {
            html.Append("<tr><th class=\"l\">").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
        }
        html.Append("</table>\n<h2>Equity</h2>\n<img alt=\"equity curve\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(equityPng)).Append("\">\n")
            .Append("<h2>Drawdown</h2>\n<img alt=\"drawdown\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(drawdownPng)).Append("\">\n")
            .Append("<h2>Trades (").Append(result.Trades.Count.ToString(CultureInfo.InvariantCulture)).Append(")</h2>\n<table><tr>")
            .Append("<th class=\"l\">idea</th><th class=\"l\">strategy</th><th class=\"l\">side</th><th>units</th><th class=\"l\">opened</th><th class=\"l\">closed</th>"
                + "<th class=\"l\">exit</th><th>entry cash</th><th>exit cash</th><th>fees</th><th>realized P&amp;L</th></tr>\n");
        foreach (var t in result.Trades)
        {
            html.Append("<tr><td class=\"l\">").Append(E(t.IdeaId)).Append("</td><td class=\"l\">").Append(E(t.StrategyType))
                .Append("</td><td class=\"l\">").Append(E(t.Side.ToString().ToLowerInvariant())).Append("</td><td>").Append(t.Units.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"l\">").Append(E(Time(t.OpenedAt))).Append("</td><td class=\"l\">").Append(E(Time(t.ClosedAt)))
                .Append("</td><td class=\"l\">").Append(E(t.ExitReason)).Append("</td><td>").Append(Money(t.EntryCashFlow)).Append("</td><td>")
                .Append(Money(t.ExitCashFlow)).Append("</td><td>").Append(Money(t.Fees)).Append("</td><td").Append(t.RealizedPnl < 0 ? " class=\"neg\"" : "")
                .Append('>').Append(Money(t.RealizedPnl)).Append("</td></tr>\n");
        }
        html.Append("</table>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>The metrics table's rows (shared by the console table and the report): the ledger metrics of the recorded decisions, then the simulator's counts.</summary>
    public static IEnumerable<(string Name, string Value)> Rows(BacktestSummary s)
    {
        var m = s.Ledger;
        static string Pct(double? v) => v is { } x ? (100 * x).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "-";
        static string Ratio(double? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-";
        yield return ("Steps", s.Steps.ToString(CultureInfo.InvariantCulture));
        yield return ("Positions closed", s.Positions.ToString(CultureInfo.InvariantCulture));
        yield return ("Decisions closed (ledger trades)", m.ClosedTrades.ToString(CultureInfo.InvariantCulture));
        yield return ("Hit rate", Pct(m.HitRate));
        yield return ("Total realized P&L (net of fees)", Money(m.TotalPnl));
        yield return ("Average P&L per closed decision", m.AvgTradePnl is { } a ? Money(a) : "-");
        yield return ("Profit factor", m.ProfitFactorInfinite ? "infinite" : Ratio(m.ProfitFactor));
        yield return ("Sharpe (annualized)", Ratio(m.Sharpe));
        yield return ("Sortino (annualized)", Ratio(m.Sortino));
        yield return ("Max drawdown (realized, by decision)", Pct(m.MaxDrawdown));
        yield return ("CAGR", Pct(m.Cagr));
        yield return ("Fees paid", Money(s.Fees));
        yield return ("Initial equity", Money(m.InitialEquity));
        yield return ("Final equity", Money(m.FinalEquity));
    }

    public static string Interval(BacktestInterval interval) => interval == BacktestInterval.Daily ? "1d" : "30m";

    public static string Money(double value) => value.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
