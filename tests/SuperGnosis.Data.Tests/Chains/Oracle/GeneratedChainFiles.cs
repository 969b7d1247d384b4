using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Tests.Chains.Oracle;

/// <summary>
/// The 20,000-contract files of benchmarks/SuperGnosis.Benchmarks/Data/ChainFileBenchmarks.cs (same generator: 50 weekly
/// expiries x 200 strikes x call/put, BSM Greeks), and a variant with SPX/SPXW roots, full-precision random numbers,
/// empty and malformed cells for the identity tests.
/// </summary>
internal static class GeneratedChainFiles
{
    public static readonly DateTimeOffset AsOf = new(2024, 1, 5, 21, 15, 4, TimeSpan.Zero);

    /// <summary>(CSV text, CBOE JSON text) exactly as the benchmark builds them.</summary>
    public static (string Csv, string Cboe) Benchmark()
    {
        const double spot = 4700;
        var quotes = ImmutableArray.CreateBuilder<OptionQuote>(20_000);
        var json = new StringBuilder("{\"timestamp\":\"2024-01-05 16:15:04\",\"data\":{\"symbol\":\"_SPX\",\"current_price\":4700,\"options\":[");
        for (var e = 0; e < 50; e++)
        {
            var expiry = new DateOnly(2024, 1, 8).AddDays(7 * e);
            var t = YearFraction.ToExpiry(AsOf, expiry);
            for (var k = 0; k < 200; k++)
            {
                var strike = 4200 + (5 * k);
                foreach (var right in (ReadOnlySpan<OptionRight>)[OptionRight.Call, OptionRight.Put])
                {
                    var g = BlackScholes.Greeks(right, spot, strike, t, 0.04, 0.013, 0.15);
                    var (bid, ask) = (Math.Round(g.Price * 0.99, 2), Math.Round((g.Price * 1.01) + 0.05, 2));
                    var oi = 100 + ((k * 37) + (e * 11)) % 900;
                    quotes.Add(new OptionQuote(expiry, strike, right, bid, ask, 0.5 * (bid + ask), oi / 10, oi, 0.15, g.Delta, g.Gamma, g.Vega, g.Theta, g.Vanna, g.Charm));
                    if (quotes.Count > 1)
                    {
                        json.Append(',');
                    }
                    json.Append(CultureInfo.InvariantCulture,
                        $"{{\"option\":\"SPXW{expiry:yyMMdd}{(right == OptionRight.Call ? 'C' : 'P')}{strike * 1000:00000000}\",\"bid\":{bid},\"ask\":{ask},\"iv\":0.15,\"open_interest\":{oi},\"volume\":{oi / 10},\"delta\":{Math.Round(g.Delta, 4)},\"gamma\":{Math.Round(g.Gamma, 4)},\"vega\":{Math.Round(g.Vega / 100, 4)},\"theta\":{Math.Round(g.Theta / 365, 4)},\"rho\":0,\"theo\":{Math.Round(g.Price, 4)}}}");
                }
            }
        }
        json.Append("]}}");
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        OptionChainCsv.Write(new OptionChain("SPX", AsOf, spot, quotes.ToImmutable()), writer);
        return (writer.ToString(), json.ToString());
    }

    /// <summary>20,000 rows with random full-precision numbers over a wide range of magnitudes, SPX and SPXW roots,
    /// empty, malformed and quoted cells, CRLF line ends, a few bad rows; and the same contracts as CBOE JSON with
    /// numbers in every JSON spelling (exponents, strings, null, nested values).</summary>
    public static (string Csv, string Cboe) Randomized(int seed)
    {
        var rng = new Random(seed);
        var csv = new StringBuilder("symbol,underlying_price,expiry,dte,strike,type,mid_price,bid,ask,volume,open_interest,delta,gamma,vega,theta,vanna,charm,iv,root,exercise_style,settlement\r\n");
        var json = new StringBuilder("{\"timestamp\":\"2024-01-05 16:15:04\",\"data\":{\"symbol\":\"_SPX\",\"current_price\":\"4700.5\",\"options\":[");
        for (var i = 0; i < 20_000; i++)
        {
            var expiry = new DateOnly(2024, 1, 8).AddDays(7 * (i / 400));
            var right = i % 2 == 0 ? "C" : "P";
            var root = i % 3 == 0 ? "SPX" : "SPXW";
            var strike = 4000 + (0.5 * (i % 400));
            string Num()
            {
                var r = rng.Next(40);
                var v = (rng.NextDouble() - 0.3) * Math.Pow(10, rng.Next(-12, 8));
                return r switch
                {
                    0 => string.Empty,
                    1 => "abc",
                    2 => " 1.5 ",
                    3 => v.ToString("E6", CultureInfo.InvariantCulture),
                    4 => v.ToString("F2", CultureInfo.InvariantCulture),
                    5 => "\"" + v.ToString("R", CultureInfo.InvariantCulture) + "\"",
                    6 => "1e400",
                    7 => "-0",
                    _ => v.ToString("R", CultureInfo.InvariantCulture),
                };
            }
            var type = i % 997 == 5 ? "X" : (i % 5 == 0 ? (right == "C" ? "call" : "Put") : right);
            var expiryText = i % 1999 == 7 ? "2024-13-01" : expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture,
                $"{(i % 7 == 0 ? "spx" : "SPX")},{(i % 11 == 0 ? "4700.25" : "4700.5")},{expiryText},3,{strike.ToString("R", CultureInfo.InvariantCulture)},{type},{Num()},{Num()},{Num()},{Num()},{Num()},{Num()},{Num()},{Num()},{Num()},{Num()},{Num()},{Num()},{(i % 13 == 0 ? string.Empty : root)},{(i % 17 == 0 ? "European" : string.Empty)},{(i % 19 == 0 ? "AM" : string.Empty)}\r\n");
            if (i % 4001 == 9)
            {
                csv.Append("\r\n , ,\r\n");
            }

            if (i > 0)
            {
                json.Append(',');
            }
            string JsonNum()
            {
                var r = rng.Next(30);
                var v = (rng.NextDouble() - 0.3) * Math.Pow(10, rng.Next(-12, 8));
                return r switch
                {
                    0 => "null",
                    1 => "\"abc\"",
                    2 => "\" 2.5 \"",
                    3 => v.ToString("E6", CultureInfo.InvariantCulture),
                    4 => "\"" + v.ToString("R", CultureInfo.InvariantCulture) + "\"",
                    5 => "[1]",
                    6 => "{\"x\":1}",
                    7 => "true",
                    8 => "-0",
                    9 => "\"\"",
                    _ => v.ToString("R", CultureInfo.InvariantCulture),
                };
            }
            var option = i % 1013 == 3 ? "BAD" : $"{root}{expiry:yyMMdd}{right}{(long)(strike * 1000):00000000}";
            json.Append(CultureInfo.InvariantCulture,
                $"{{\"bid\":{JsonNum()},\"option\":\"{option}\",\"ask\":{JsonNum()},\"iv\":{JsonNum()},\"open_interest\":{JsonNum()},\"volume\":{JsonNum()},\"delta\":{JsonNum()},\"gamma\":{JsonNum()},\"vega\":{JsonNum()},\"theta\":{JsonNum()},\"rho\":{JsonNum()},\"extra\":{{\"a\":[1,2,{{\"b\":null}}]}}}}");
            if (i % 5003 == 11)
            {
                json.Append(",42,null,{\"option\":7}");
            }
        }
        json.Append("]}}");
        return (csv.ToString(), json.ToString());
    }
}
