using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Core.Agents.Composer;
using SuperGnosis.Core.Agents.Trading;
using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Parameters;
using SuperGnosis.Hosting.Pipeline;
using SuperGnosis.Hosting.Storage;

namespace SuperGnosis.Hosting.Tests.Configuration;

public sealed class ParametersCompositionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gnosis-params-").FullName;

    private static ParameterVersion Version(int number, ParameterVersionStatus status, double risk, double hedgeWeight)
    {
        var values = new Dictionary<string, double>(ParameterSet.From(new ComposerOptions(), new TradeAgentOptions()).Values)
        {
            [ParameterNames.RiskFraction] = risk,
            [ParameterNames.ComposerWeight("primary_hedge")] = hedgeWeight,
        };
        return new ParameterVersion(number, number - 1, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), status, new ParameterSet(values), [], 10, 1, 0.6, 0.05);
    }

    private Dictionary<string, string?> Files() => new(TestComposition.NoLedger())
    {
        ["SuperGnosis:Parameters:Kind"] = "files",
        ["SuperGnosis:Parameters:Directory"] = _dir,
    };

    [Fact]
    public async Task The_newest_accepted_version_reaches_the_composer_trade_agent_and_fingerprint()
    {
        var store = new FileParameterStore(_dir);
        Assert.True(await store.SaveAsync(Version(1, ParameterVersionStatus.Accepted, 0.012, 0.45), CancellationToken.None));
        Assert.True(await store.SaveAsync(Version(2, ParameterVersionStatus.Proposed, 0.02, 0.6), CancellationToken.None));
        Assert.False(await store.SaveAsync(Version(2, ParameterVersionStatus.Accepted, 0.005, 0.2), CancellationToken.None)); // never overwritten
        await File.WriteAllTextAsync(Path.Combine(_dir, "v000003.json"), "{ torn"); // skipped

        using var provider = TestComposition.BuildValidated(Files());
        using var plain = TestComposition.BuildValidated(TestComposition.NoLedger());

        var active = provider.GetRequiredService<ActiveParameters>();
        Assert.Equal(1, active.Version!.Version);
        Assert.Equal("v000001", active.Label);
        Assert.Equal(0.012, active.Trade.RiskFraction);
        Assert.Equal(0.45, active.Composer.Weights["primary_hedge"]);
        Assert.Equal(0.01, provider.GetRequiredService<IOptions<TradeAgentOptions>>().Value.RiskFraction); // configuration untouched
        Assert.Equal(0.01, active.Defaults.Values[ParameterNames.RiskFraction]);
        Assert.NotEqual(plain.GetRequiredService<RunFingerprint>().Value, provider.GetRequiredService<RunFingerprint>().Value);
        Assert.Null(plain.GetRequiredService<ActiveParameters>().Version);
    }

    [Fact]
    public void An_unreadable_store_runs_the_configured_options_and_says_why()
    {
        using var provider = TestComposition.Build(TestComposition.NoLedger(), configure: b => b.UseParameterStore(_ => new FailingStore()));

        var active = provider.GetRequiredService<ActiveParameters>();

        Assert.Null(active.Version);
        Assert.Contains("store offline", active.LoadError, StringComparison.Ordinal);
        Assert.Equal(0.01, active.Trade.RiskFraction);
    }

    [Fact]
    public void An_unknown_kind_is_a_start_up_error_naming_the_key()
    {
        var settings = new Dictionary<string, string?>(TestComposition.NoLedger()) { ["SuperGnosis:Parameters:Kind"] = "s3" };

        var e = Assert.Throws<OptionsValidationException>(() => TestComposition.BuildValidated(settings));

        Assert.Contains("SuperGnosis:Parameters:Kind", e.Message, StringComparison.Ordinal);
    }

    private sealed class FailingStore : IParameterStore
    {
        public Task<bool> SaveAsync(ParameterVersion version, CancellationToken cancellationToken) => throw new IOException("store offline");

        public Task<ParameterVersion?> GetLatestAsync(CancellationToken cancellationToken) => throw new IOException("store offline");

        public Task<ParameterVersion?> GetLatestAcceptedAsync(CancellationToken cancellationToken) => throw new IOException("store offline");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
