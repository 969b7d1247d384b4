using System.Text;
using SuperGnosis.Core.Text;
using SuperGnosis.Data.Chains;
using SuperGnosis.Data.Tests.Chains.Oracle;

namespace SuperGnosis.Data.Tests.Chains;

/// <summary>
/// The span-based readers against the implementations they replaced (kept verbatim under Chains/Oracle as test-only
/// oracles): the benchmark's 20,000-contract files, randomized 20,000-contract files full of edge cases, and every
/// mutation of small files (quotes, CRs, BOMs, blanks, bad numbers, non-ASCII) must give the same chain, skipped rows,
/// malformed-cell count and timestamp, or the same exception and message.
/// </summary>
public sealed class ReaderIdentityTests
{
    private static readonly DateTimeOffset AsOf = GeneratedChainFiles.AsOf;

    [Fact]
    public void Benchmark_csv_reads_identically()
    {
        var (csv, _) = GeneratedChainFiles.Benchmark();
        var expected = OracleOptionChainCsv.Read(new StringReader(csv), AsOf);
        Assert.Equal(20_000, expected.Chain.Quotes.Length);
        ChainAssert.Identical(expected, OptionChainCsv.Read(csv, AsOf));
        ChainAssert.Identical(expected, ChainFile.Read(csv, ChainFileFormat.Auto, null, AsOf));
        ChainAssert.Identical(expected, ChainFile.Read(Encoding.UTF8.GetBytes(csv), ChainFileFormat.Auto, null, AsOf));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Randomized_csv_reads_identically(int seed)
    {
        var (csv, _) = GeneratedChainFiles.Randomized(seed);
        var expected = OracleOptionChainCsv.Read(new StringReader(csv), AsOf);
        Assert.True(expected.Chain.Quotes.Length > 19_000);
        Assert.NotEmpty(expected.Skipped);
        Assert.True(expected.MalformedCells > 1000);
        ChainAssert.Identical(expected, OptionChainCsv.Read(csv, AsOf));
        ChainAssert.Identical(expected, ChainFile.Read(Encoding.UTF8.GetBytes(csv), ChainFileFormat.Csv, null, AsOf));
    }

    private const string SmallCsv =
        "symbol,underlying_price,expiry,strike,type,open_interest,bid,ask,gamma,iv,root,exercise_style,settlement\n" +
        "SPX,4700,2024-01-19,4700,C,10,1.5,1.6,0.001,0.2,SPXW,,\n" +
        "\"SPX\",4701,2024-01-19,\"4705\",put,20,\"1,5\",2,abc,,SPX,European,am\r\n" +
        "spx,4702,2024-02-16,4710,c,30,,,,,,,\n";

    /// <summary>Small mutations at every position: each character replaced, deleted, or preceded by a troublesome one.</summary>
    [Fact]
    public void Mutated_small_csv_files_give_the_same_outcome()
    {
        string[] inserts = ["\"", ",", "\r", "\n", " ", "\uFEFF", "\u00A0", "x", "\"\"", "é", "\u0130", "9", "-", "e", "\t"];
        var cases = 0;
        for (var i = 0; i <= SmallCsv.Length; i++)
        {
            foreach (var insert in inserts)
            {
                Check(SmallCsv.Insert(i, insert));
                cases++;
            }
            if (i < SmallCsv.Length)
            {
                Check(SmallCsv.Remove(i, 1));
                cases++;
            }
        }
        Check(string.Empty);
        Check("\uFEFF");
        Check("\n\n\r\n");
        Check("\uFEFF" + SmallCsv);
        Check(SmallCsv.TrimEnd('\n'));
        Check(SmallCsv + "\"unterminated");
        Assert.True(cases > 1000);

        static void Check(string csv)
        {
            ChainAssert.SameOutcome(() => OracleOptionChainCsv.Read(new StringReader(csv), AsOf), () => OptionChainCsv.Read(new StringReader(csv), AsOf));
            CsvSame(csv);
        }
    }

    /// <summary>The shared Csv.Read (used by the greeks, bars and headline readers) yields the same records, and throws
    /// the same error after the same records.</summary>
    private static void CsvSame(string text)
    {
        var (expected, expectedError) = Drain(OracleCsv.Read(new StringReader(text)).Select(r => (r.Line, string.Join("\u0001", r.Fields))));
        var (actual, actualError) = Drain(Csv.Read(new StringReader(text)).Select(r => (r.Line, string.Join("\u0001", r.Fields))));
        Assert.Equal(expected, actual);
        Assert.Equal(expectedError, actualError);
        var (inPlace, inPlaceError) = Drain(InPlace(text));
        Assert.Equal(expected, inPlace);
        Assert.Equal(expectedError, inPlaceError);

        static IEnumerable<(int, string)> InPlace(string text)
        {
            var fields = new CsvFieldReader(text);
            while (fields.MoveNext())
            {
                yield return (fields.Line, string.Join("\u0001", fields.ToArray()));
            }
        }

        static (List<(int, string)> Records, string? Error) Drain(IEnumerable<(int, string)> records)
        {
            var list = new List<(int, string)>();
            try
            {
                foreach (var r in records)
                {
                    list.Add(r);
                }
                return (list, null);
            }
            catch (FormatException ex)
            {
                return (list, ex.Message);
            }
        }
    }

    [Fact]
    public void Shared_csv_reader_matches_on_random_texts()
    {
        var rng = new Random(7);
        const string alphabet = "ab,\"\r\n \uFEFF";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[rng.Next(0, 24)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[rng.Next(alphabet.Length)];
            }
            CsvSame(new string(chars));
        }
    }

    [Fact]
    public void Benchmark_cboe_json_reads_identically()
    {
        var (_, json) = GeneratedChainFiles.Benchmark();
        var expected = OracleCboeDelayedQuotesJson.Read(json, null);
        Assert.Equal(20_000, expected.Chain.Quotes.Length);
        ChainAssert.Identical(expected, CboeDelayedQuotesJson.Read(json, null));
        ChainAssert.Identical(expected, ChainFile.Read(Encoding.UTF8.GetBytes(json), ChainFileFormat.Auto, null, AsOf));
        ChainAssert.Identical(expected, ChainFile.Read(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(json)).ToArray(), ChainFileFormat.Auto, null, AsOf));
        ChainAssert.Identical(expected, ChainFile.Read(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(json)).ToArray(), ChainFileFormat.Auto, null, AsOf));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Randomized_cboe_json_reads_identically(int seed)
    {
        var (_, json) = GeneratedChainFiles.Randomized(seed);
        var expected = OracleCboeDelayedQuotesJson.Read(json, null);
        Assert.True(expected.Chain.Quotes.Length > 19_000);
        Assert.NotEmpty(expected.Skipped);
        Assert.True(expected.MalformedCells > 1000);
        ChainAssert.Identical(expected, CboeDelayedQuotesJson.Read(json, null));
        ChainAssert.Identical(expected, CboeDelayedQuotesJson.Read(json, AsOf));
    }

    private const string SmallJson =
        "{\"timestamp\":\"2024-01-05 16:15:04\",\"data\":{\"symbol\":\"_SPX\",\"current_price\":4697.24,\"close\":4690," +
        "\"options\":[{\"option\":\"SPXW240105C04000000\",\"bid\":690.1,\"ask\":\"699.8\",\"iv\":0.15,\"open_interest\":12,\"vega\":null,\"theta\":-0.2,\"x\":[1,{\"y\":2}]}," +
        "{\"option\":\"SPX   240119P04500000\",\"bid\":1e1,\"gamma\":true,\"delta\":{\"a\":1}},7]}}";

    /// <summary>Mutations of a small file (syntax errors, duplicates, wrong kinds, escapes): the same result, or the same
    /// exception with the same message (System.Text.Json's, with its line and byte position).</summary>
    [Fact]
    public void Mutated_small_cboe_files_give_the_same_outcome()
    {
        string[] inserts = ["\"", ",", "{", "}", "[", "]", " ", "x", "\\u0061", "1", "-", "e", ":", "null", "\"data\":{},", "\"options\":5,", "\"current_price\":\"abc\",", "\"timestamp\":1,", "\"option\":\"SPY240119C00470000\","];
        for (var i = 0; i <= SmallJson.Length; i++)
        {
            foreach (var insert in inserts)
            {
                Check(SmallJson.Insert(i, insert));
            }
            if (i < SmallJson.Length)
            {
                Check(SmallJson.Remove(i, 1));
            }
        }
        foreach (var text in new[]
        {
            string.Empty, " ", "[]", "null", "{}", "{\"data\":[]}", "{\"data\":{}}", "{\"data\":{},\"timestamp\":\"2024-03-10 02:30:00\"}",
            "{\"data\":{\"options\":[]},\"timestamp\":\"2024-01-05T16:15:04Z\"}", "{\"data\":{},\"data\":5,\"timestamp\":\"2024-01-05 16:15:04\"}",
            "{\"data\":5,\"data\":{\"options\":[{\"option\":\"SPY240119C00470000\",\"bid\":1e400}]},\"timestamp\":\"2024-01-05 16:15:04\"}",
            "{\"data\":{\"options\":[{\"option\":\"SPY240119C00470000\",\"bid\":\"x\"}],\"options\":[{\"option\":\"SPY240119C00470000\"}]},\"timestamp\":\"2024-01-05 16:15:04\"}",
            "{\"data\":{\"options\":[{\"option\":\"SPY240119C00470000\",\"option\":\"bad\",\"bid\":\"x\"}]},\"timestamp\":\"2024-01-05 16:15:04\"} x",
            "{\"data\":{\"options\":[{\"option\":\"\\u0053PY240119C00470000\",\"b\\u0069d\":2,\"bid\":3,\"bid\":\"\"}],},\"timestamp\":\"2024-01-05 16:15:04\",}",
            "{\"data\":{\"options\":[{\"option\":\"  spy   240119c00470000 \",\"ask\":-0}]},\"timestamp\":\" 2024-01-05 16:15:04 \"}",
            "{\"data\":{\"symbol\":\"_spx\",\"current_price\":-1,\"close\":\"x\",\"options\":[]},\"timestamp\":\"2024-01-05 16:15:04\"}",
            "{\"data\":{\"current_price\":\"x\",\"current_price\":5,\"options\":[{\"option\":\"SPY240119C00470000\",\"bid\":12345678901234567890123}]},\"timestamp\":\"2024-01-05 16:15:04\"}",
            "\ud800",
        })
        {
            Check(text);
        }

        static void Check(string json)
        {
            ChainAssert.SameOutcome(() => OracleCboeDelayedQuotesJson.Read(json, null), () => CboeDelayedQuotesJson.Read(json, null));
            ChainAssert.SameOutcome(() => OracleCboeDelayedQuotesJson.Read(json, AsOf), () => CboeDelayedQuotesJson.Read(json, AsOf));
        }
    }

    /// <summary>Format detection from bytes agrees with detection from the decoded text for every leading byte.</summary>
    [Fact]
    public void Byte_detection_agrees_with_text_detection()
    {
        for (var b = 0; b < 256; b++)
        {
            var bytes = new byte[] { (byte)b, (byte)'{', (byte)'}' };
            var text = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true).ReadToEnd();
            Assert.Equal(ChainFile.Detect(text), ChainFile.Detect(bytes));
        }
        Assert.Equal(ChainFileFormat.Cboe, ChainFile.Detect("\u00A0{}"u8));
        Assert.Equal(ChainFileFormat.Cboe, ChainFile.Detect([0xEF, 0xBB, 0xBF, (byte)' ', (byte)'{']));
    }
}
