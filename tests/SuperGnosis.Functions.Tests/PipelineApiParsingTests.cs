using System.Text.Json;
using SuperGnosis.Server.Http;

namespace SuperGnosis.Functions.Tests;

public sealed class PipelineApiParsingTests
{
    [Theory]
    [InlineData("SPY", "SPY")]
    [InlineData(" spy ", "SPY")]
    [InlineData("brk.b", "BRK.B")]
    [InlineData("^spx", "^SPX")]
    public void Symbols_are_trimmed_and_upper_cased(string text, string expected)
    {
        Assert.True(PipelineApi.TryParseSymbol(text, out var symbol, out _));
        Assert.Equal(expected, symbol);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S P Y")]
    [InlineData("SPY;DROP")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ")]
    public void Bad_symbols_are_400_problems(string? text)
    {
        Assert.False(PipelineApi.TryParseSymbol(text, out _, out var error));
        AssertProblem(error, 400, "invalid-symbol");
    }

    [Fact]
    public void As_of_follows_the_as_of_text_rules()
    {
        Assert.True(PipelineApi.TryParseAsOf("2026-03-02T15:30:00Z", "as_of", out var utc, out _));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 30, 0, TimeSpan.Zero), utc);
        Assert.True(PipelineApi.TryParseAsOf("2026-03-02T10:30", "as_of", out var newYork, out _));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 30, 0, TimeSpan.Zero), newYork);
        Assert.True(PipelineApi.TryParseAsOf(null, "as_of", out var absent, out _));
        Assert.Null(absent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("11/24/2026")]
    [InlineData("2026-03-08T02:30")]
    public void Bad_as_of_values_are_400_problems(string text)
    {
        Assert.False(PipelineApi.TryParseAsOf(text, "as_of", out _, out var error));
        AssertProblem(error, 400, "invalid-as-of");
    }

    [Fact]
    public void A_run_request_takes_a_symbol_and_an_optional_as_of()
    {
        Assert.True(PipelineApi.TryParseRunRequest("""{"symbol":"spy","as_of":"2026-03-02T15:30:00Z"}""", out var request, out _));
        Assert.Equal("SPY", request.Symbol);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 30, 0, TimeSpan.Zero), request.AsOf);
        Assert.True(PipelineApi.TryParseRunRequest("""{"symbol":"QQQ"}""", out request, out _));
        Assert.Null(request.AsOf);
        Assert.True(PipelineApi.TryParseRunRequest("""{"symbol":"QQQ","as_of":null}""", out request, out _));
        Assert.Null(request.AsOf);
    }

    [Theory]
    [InlineData("", "invalid-body")]
    [InlineData("   ", "invalid-body")]
    [InlineData("{", "malformed-json")]
    [InlineData("{\"symbol\":\"SPY\",}", "malformed-json")]
    [InlineData("[\"SPY\"]", "invalid-body")]
    [InlineData("\"SPY\"", "invalid-body")]
    [InlineData("{\"symbol\":\"SPY\",\"symbol\":\"QQQ\"}", "malformed-json")]
    [InlineData("{\"symbol\":\"SPY\",\"asof\":\"2026-03-02\"}", "unknown-field")]
    [InlineData("{}", "invalid-symbol")]
    [InlineData("{\"symbol\":42}", "invalid-symbol")]
    [InlineData("{\"symbol\":\"not a ticker\"}", "invalid-symbol")]
    [InlineData("{\"symbol\":\"SPY\",\"as_of\":20260302}", "invalid-as-of")]
    [InlineData("{\"symbol\":\"SPY\",\"as_of\":\"tomorrow\"}", "invalid-as-of")]
    public void Bad_run_requests_are_400_problems(string body, string slug)
    {
        Assert.False(PipelineApi.TryParseRunRequest(body, out _, out var error));
        AssertProblem(error, 400, slug);
    }

    [Fact]
    public void Problems_are_rfc_7807_documents_without_internals()
    {
        var problem = Problem.Internal("abc-123");
        AssertProblem(problem, 500, "internal-error");
        Assert.DoesNotContain(" at ", problem.Body, StringComparison.Ordinal);
    }

    internal static void AssertProblem(ApiResult result, int status, string slug)
    {
        Assert.Equal(status, result.StatusCode);
        Assert.Equal("application/problem+json", result.ContentType);
        using var document = JsonDocument.Parse(result.Body);
        var root = document.RootElement;
        Assert.Equal(Problem.TypePrefix + slug, root.GetProperty("type").GetString());
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()));
        Assert.Equal(["type", "title", "status", "detail"], root.EnumerateObject().Select(p => p.Name));
    }
}
