using System.Text.RegularExpressions;

namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// Keeps secrets (connection strings, account keys, SAS tokens, OTLP headers, credentials in URIs) out of logs,
/// exception messages and responses: options print and validate through these helpers, never the raw value.
/// </summary>
public static partial class Secrets
{
    public const string Mask = "***";

    /// <summary>A secret's printable form: <see cref="Mask"/> when set, "none" when empty.</summary>
    public static string Redact(string? secret) => string.IsNullOrEmpty(secret) ? "none" : Mask;

    /// <summary>
    /// A connection string with the value of every secret-bearing part masked (AccountKey, SharedAccessKey,
    /// SharedAccessSignature, Password, Pwd, Secret, Token, ApiKey): <c>AccountName=dev;AccountKey=***</c>.
    /// </summary>
    public static string RedactConnectionString(string? connectionString) =>
        string.IsNullOrEmpty(connectionString) ? "none" : SecretPart().Replace(connectionString, m => m.Groups["key"].Value + "=" + Mask);

    /// <summary>A URI without user info or query (where SAS tokens and keys travel).</summary>
    public static string RedactUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            return Mask;
        }
        var user = uri.UserInfo.Length > 0 ? Mask + "@" : string.Empty;
        var query = uri.Query.Length > 0 ? "?" + Mask : string.Empty;
        return $"{uri.Scheme}://{user}{uri.Authority}{uri.AbsolutePath}{query}";
    }

    [GeneratedRegex(@"(?<key>AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|Secret|ClientSecret|Token|ApiKey|Api-Key|Key)\s*=\s*[^;]*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPart();
}
