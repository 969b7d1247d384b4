using SuperGnosis.Core.Ports;
using SuperGnosis.Data.Files;

namespace SuperGnosis.Hosting.MarketData;

/// <summary>
/// A kind of data location a host can open besides local folders, by URI scheme: <c>az://container[/folder]</c> (a blob
/// container; registered by the hosts that reference the Azure storage library). <see cref="Problem"/> says why a location
/// of this scheme is not usable (null when it is), for start-up validation; <see cref="Open"/> opens it.
/// </summary>
public sealed record DataLocationScheme(string Scheme, Func<string, string?> Problem, Func<string, IServiceProvider, IDataFileStore> Open);

/// <summary>
/// Opens the data locations of the configuration (<c>SuperGnosis:MarketData:DataDirectory</c>, <c>SuperGnosis:Archive:Location</c>):
/// a local folder path, or <c>scheme://...</c> of a registered <see cref="DataLocationScheme"/>.
/// </summary>
public sealed class DataLocations(IEnumerable<DataLocationScheme> schemes, IServiceProvider services)
{
    /// <summary>The scheme of <c>scheme://...</c> (lower case), or null for a local path.</summary>
    public static string? SchemeOf(string? location)
    {
        var at = location?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        return at > 0 && location![..at].All(char.IsAsciiLetterOrDigit) ? location[..at].ToLowerInvariant() : null;
    }

    /// <summary>
    /// Why <paramref name="location"/> cannot be used (null when it can): an unregistered scheme, the scheme's own
    /// check, or for a local folder <paramref name="folderProblem"/>.
    /// </summary>
    public static string? Problem(string? location, IEnumerable<DataLocationScheme> schemes, Func<string, string?> folderProblem)
    {
        ArgumentNullException.ThrowIfNull(schemes);
        ArgumentNullException.ThrowIfNull(folderProblem);
        if (string.IsNullOrWhiteSpace(location))
        {
            return folderProblem(location ?? string.Empty);
        }
        if (SchemeOf(location) is not { } scheme)
        {
            return folderProblem(location);
        }
        var known = schemes.LastOrDefault(s => string.Equals(s.Scheme, scheme, StringComparison.OrdinalIgnoreCase));
        return known is null
            ? $"'{location}': this host cannot open {scheme}:// locations (it reads local folders{string.Concat(schemes.Select(s => ", " + s.Scheme + "://"))})"
            : known.Problem(location);
    }

    /// <summary>The store of <paramref name="location"/>: a registered scheme's, else the local folder (which must exist).</summary>
    public IDataFileStore Open(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (SchemeOf(location) is not { } scheme)
        {
            return new LocalDataFileStore(location);
        }
        var known = schemes.LastOrDefault(s => string.Equals(s.Scheme, scheme, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"'{location}': this host cannot open {scheme}:// locations");
        return known.Open(location, services);
    }
}
