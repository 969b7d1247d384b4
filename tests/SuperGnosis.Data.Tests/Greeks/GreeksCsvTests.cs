using System.Globalization;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Options;
using SuperGnosis.Data.Greeks;

namespace SuperGnosis.Data.Tests.Greeks;

public sealed class GreeksCsvTests
{
    private static readonly GreeksBatchSettings Settings = new(0.03, 0.01, null, American: false);

    private static (GreeksCsvSummary Summary, string[] Lines) Run(string csv, GreeksBatchSettings? settings = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var summary = GreeksCsv.Process(new StringReader(csv), writer, settings ?? Settings);
        return (summary, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Computed_columns_replace_same_named_inputs_and_the_rest_are_appended()
    {
        var (summary, lines) = Run("Type,strike,spot,t_years,iv,delta,note\nC,105,100,0.25,0.22,old,\"a, b\"\nX,105,100,0.25,0.22,old,c\n");

        Assert.Equal(new GreeksCsvSummary(2, 1), summary);
        Assert.Equal("Type,strike,spot,t_years,iv,delta,note,price,gamma,vega,theta,rho,vanna,charm,vomma,vega_per_pct,theta_per_day,charm_per_day,status", lines[0]);
        var g = BlackScholes.Greeks(OptionRight.Call, 100, 105, 0.25, 0.03, 0.01, 0.22);
        var ok = lines[1];
        Assert.StartsWith($"C,105,100,0.25,0.22,{g.Delta.ToString("R", CultureInfo.InvariantCulture)},\"a, b\",{g.Price.ToString("R", CultureInfo.InvariantCulture)},", ok, StringComparison.Ordinal);
        Assert.EndsWith(",ok", ok, StringComparison.Ordinal);
        // A failed row keeps its input values in computed-name columns and gets NaN in the appended ones.
        Assert.StartsWith("X,105,100,0.25,0.22,old,c,NaN,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",bad_type", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_are_written_as_they_are_read()
    {
        // A reader that fails after the second row: the first row must already be in the output.
        var reader = new FailingReader("type,strike,spot,t_years,iv\nC,100,100,0.5,0.2\n");
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        Assert.Throws<IOException>(() => GreeksCsv.Process(reader, writer, Settings));

        Assert.Equal(2, writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Expiry_rows_use_the_as_of()
    {
        var asOf = NewYorkTime.At(new DateOnly(2025, 6, 20), new TimeOnly(10, 0));
        var (_, lines) = Run("type,strike,spot,expiry,iv\nC,100,100,2025-06-20,0.2\n", new GreeksBatchSettings(0, 0, asOf, false));
        var price = BlackScholes.Price(OptionRight.Call, 100, 100, 6.0 / 8760, 0, 0, 0.2);
        Assert.Contains("," + price.ToString("R", CultureInfo.InvariantCulture) + ",", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", GreeksCsvProblem.Empty, "input file is empty (no header row)")]
    [InlineData("type,strike,spot,t_years,price\n\"C,100\n", GreeksCsvProblem.Malformed, "malformed CSV:")]
    [InlineData("type,strike,Strike,spot,t_years,price\n", GreeksCsvProblem.DuplicateColumn, "duplicate column 'Strike'")]
    [InlineData("type,strike,t_years,price\n", GreeksCsvProblem.MissingColumn, "missing column 'spot'")]
    [InlineData("type,strike,spot,price\n", GreeksCsvProblem.MissingColumn, "missing column: need 't_years' or 'expiry'")]
    [InlineData("type,strike,spot,t_years\n", GreeksCsvProblem.MissingColumn, "missing column: need 'price' or 'iv'")]
    [InlineData("type,strike,spot,expiry,iv\n", GreeksCsvProblem.ExpiryNeedsAsOf, "the 'expiry' column needs an as-of instant")]
    public void Unusable_files_name_the_problem(string csv, GreeksCsvProblem problem, string message)
    {
        var ex = Assert.Throws<GreeksCsvException>(() => Run(csv));
        Assert.Equal(problem, ex.Problem);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_rate_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => Run("type,strike,spot,t_years,iv\n", Settings with { Rate = double.NaN }));

    private sealed class FailingReader(string text) : TextReader
    {
        private int _position;

        public override int Read() => _position < text.Length ? text[_position++] : throw new IOException("disk gone");

        public override int Peek() => _position < text.Length ? text[_position] : throw new IOException("disk gone");
    }
}
