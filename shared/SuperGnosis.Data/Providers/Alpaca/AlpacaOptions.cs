namespace SuperGnosis.Data.Providers.Alpaca;

/// <summary><c>SuperGnosis:Data:Alpaca</c>: Alpaca's market-data API v2 and news; keys also from <c>APCA_API_KEY_ID</c> and <c>APCA_API_SECRET_KEY</c>.</summary>
public sealed class AlpacaOptions : HistoryProviderOptions
{
    /// <summary>The key id (header <c>APCA-API-KEY-ID</c>).</summary>
    public string? KeyId { get; set; }

    /// <summary>The secret key (header <c>APCA-API-SECRET-KEY</c>).</summary>
    public string? SecretKey { get; set; }

    /// <summary>The stock feed: <c>sip</c> (all US exchanges, default; a free plan gets it 15 minutes delayed) or <c>iex</c>.</summary>
    public string Feed { get; set; } = "sip";

    public override string DefaultBaseUrl => "https://data.alpaca.markets/";

    public override IReadOnlyList<string> Secrets => [.. new[] { KeyId, SecretKey }.OfType<string>().Where(s => s.Length > 0)];
}
