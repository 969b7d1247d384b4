namespace SuperGnosis.Data.Providers.Tradier;

/// <summary><c>SuperGnosis:Data:Tradier</c>: Tradier's brokerage market-data API (an access token).</summary>
public sealed class TradierOptions : HistoryProviderOptions
{
    /// <summary>The access token (sent as <c>Authorization: Bearer</c>). Paper-trading accounts: set
    /// <see cref="LiveProviderOptions.BaseUrl"/> to the sandbox host's <c>/v1/</c>.</summary>
    public string? ApiKey { get; set; }

    public override string DefaultBaseUrl => "https://api.tradier.com/v1/";

    public override IReadOnlyList<string> Secrets => ApiKey is { Length: > 0 } key ? [key] : [];
}
