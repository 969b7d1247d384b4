namespace SuperGnosis.Data.Providers.Cboe;

/// <summary><c>SuperGnosis:Data:Cboe</c>: CBOE's public delayed quotes (no key).</summary>
public sealed class CboeOptions : LiveProviderOptions
{
    public override string DefaultBaseUrl => "https://cdn.cboe.com/api/global/delayed_quotes/";

    public override IReadOnlyList<string> Secrets => [];
}
