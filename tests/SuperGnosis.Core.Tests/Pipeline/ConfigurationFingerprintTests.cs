using System.Text;
using SuperGnosis.Core.Pipeline;

namespace SuperGnosis.Core.Tests.Pipeline;

public sealed class ConfigurationFingerprintTests
{
    private static ConfigurationFingerprint Full() => new ConfigurationFingerprint()
        .WithEngineOptions("hedge", """{"risk_free_rate":0.04}""")
        .WithEngineOptions("liquidity", "{}")
        .WithAgentOptions("primary_hedge", "{}")
        .WithTradeOptions("""{"max_ideas":3}""")
        .WithModelFile("headline-model", "abc123")
        .WithDataSource("synthetic-seed-7");

    [Fact]
    public void The_fingerprint_is_a_sha256_hex_independent_of_the_order_parts_are_added()
    {
        var a = Full().Compute();
        var b = new ConfigurationFingerprint()
            .WithDataSource("synthetic-seed-7")
            .WithModelFile("headline-model", "abc123")
            .WithTradeOptions("""{"max_ideas":3}""")
            .WithAgentOptions("primary_hedge", "{}")
            .WithEngineOptions("liquidity", "{}")
            .WithEngineOptions("hedge", """{"risk_free_rate":0.04}""")
            .Compute();
        Assert.Equal(a, b);
        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.StartsWith("6:engine;5:hedge;", Full().CanonicalText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_part_changes_the_fingerprint_and_so_the_run_id()
    {
        var baseline = Full().Compute();
        string[] variants =
        [
            new ConfigurationFingerprint().WithEngineOptions("hedge", """{"risk_free_rate":0.05}""").WithEngineOptions("liquidity", "{}").WithAgentOptions("primary_hedge", "{}").WithTradeOptions("""{"max_ideas":3}""").WithModelFile("headline-model", "abc123").WithDataSource("synthetic-seed-7").Compute(),
            new ConfigurationFingerprint().WithEngineOptions("hedge", """{"risk_free_rate":0.04}""").WithEngineOptions("liquidity", "{}").WithAgentOptions("primary_hedge", "{\"x\":1}").WithTradeOptions("""{"max_ideas":3}""").WithModelFile("headline-model", "abc123").WithDataSource("synthetic-seed-7").Compute(),
            new ConfigurationFingerprint().WithEngineOptions("hedge", """{"risk_free_rate":0.04}""").WithEngineOptions("liquidity", "{}").WithAgentOptions("primary_hedge", "{}").WithTradeOptions("""{"max_ideas":4}""").WithModelFile("headline-model", "abc123").WithDataSource("synthetic-seed-7").Compute(),
            new ConfigurationFingerprint().WithEngineOptions("hedge", """{"risk_free_rate":0.04}""").WithEngineOptions("liquidity", "{}").WithAgentOptions("primary_hedge", "{}").WithTradeOptions("""{"max_ideas":3}""").WithModelFile("headline-model", "abc124").WithDataSource("synthetic-seed-7").Compute(),
            new ConfigurationFingerprint().WithEngineOptions("hedge", """{"risk_free_rate":0.04}""").WithEngineOptions("liquidity", "{}").WithAgentOptions("primary_hedge", "{}").WithTradeOptions("""{"max_ideas":3}""").WithModelFile("headline-model", "abc123").WithDataSource("synthetic-seed-8").Compute(),
            new ConfigurationFingerprint().WithEngineOptions("hedge", """{"risk_free_rate":0.04}""").WithAgentOptions("primary_hedge", "{}").WithTradeOptions("""{"max_ideas":3}""").WithModelFile("headline-model", "abc123").WithDataSource("synthetic-seed-7").Compute(),
        ];
        Assert.Equal(variants.Length, variants.Distinct().Count());
        Assert.DoesNotContain(baseline, variants);
        var asOf = new DateTimeOffset(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);
        Assert.NotEqual(RunIds.ForRun("SPY", asOf, baseline), RunIds.ForRun("SPY", asOf, variants[0]));
    }

    [Fact]
    public void Parts_cannot_be_confused_by_moving_text_between_name_and_value_or_category()
    {
        Assert.NotEqual(
            new ConfigurationFingerprint().WithEngineOptions("a", "bc").Compute(),
            new ConfigurationFingerprint().WithEngineOptions("ab", "c").Compute());
        Assert.NotEqual(
            new ConfigurationFingerprint().WithEngineOptions("x", "1").Compute(),
            new ConfigurationFingerprint().WithAgentOptions("x", "1").Compute());
        Assert.Throws<ArgumentException>(() => new ConfigurationFingerprint().WithEngineOptions("hedge", "1").WithEngineOptions("hedge", "2"));
    }

    [Fact]
    public void Model_files_are_hashed_by_content()
    {
        using var a = new MemoryStream(Encoding.UTF8.GetBytes("weights v1"));
        using var b = new MemoryStream(Encoding.UTF8.GetBytes("weights v2"));
        var first = new ConfigurationFingerprint().WithModelFile("model", a).Compute();
        Assert.NotEqual(first, new ConfigurationFingerprint().WithModelFile("model", b).Compute());
        Assert.Equal(first, new ConfigurationFingerprint()
            .WithModelFile("model", ConfigurationFingerprint.HashOf(new MemoryStream(Encoding.UTF8.GetBytes("weights v1")))).Compute());
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ConfigurationFingerprint.HashOf(new MemoryStream([])));
    }
}
