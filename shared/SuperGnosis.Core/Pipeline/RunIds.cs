using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SuperGnosis.Core.Pipeline;

/// <summary>
/// Deterministic ids. A run id is derived from the symbol, the as-of instant (UTC ticks) and a
/// configuration fingerprint, so re-running the same request or redelivering a message yields the same
/// ids and deduplication by id works. Artifact ids are <c>{runId}-{layer}-{index}</c>.
/// </summary>
public static class RunIds
{
    public static string ForRun(string symbol, DateTimeOffset asOf, string configurationFingerprint = "")
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{symbol}|{asOf.UtcTicks}|{configurationFingerprint}");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return "run-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    public static string ForArtifact(string runId, string layer, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}-{layer}-{index}");
}
