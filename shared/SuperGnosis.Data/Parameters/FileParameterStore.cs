using SuperGnosis.Core.Ledger;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Data.Parameters;

/// <summary>
/// Parameter versions as files <c>&lt;directory&gt;/v000001.json</c> (<see cref="ParameterVersion.ToJson"/>). A version is
/// written to a temporary file and moved into place without overwriting, so a crash leaves no torn version and an
/// existing version is never replaced. Files that do not parse are skipped by the readers (and named in <see cref="Warnings"/>).
/// </summary>
public sealed class FileParameterStore(string directory) : IParameterStore
{
    private readonly List<string> _warnings = [];

    public string Directory { get; } = Path.GetFullPath(directory ?? throw new ArgumentNullException(nameof(directory)));

    /// <summary>Files the last read skipped, with the reason.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    public string PathOf(int version) => Path.Combine(Directory, ParameterVersion.Label(version) + ".json");

    public async Task<bool> SaveAsync(ParameterVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        System.IO.Directory.CreateDirectory(Directory);
        var target = PathOf(version.Version);
        if (File.Exists(target))
        {
            return false;
        }
        var temp = Path.Combine(Directory, $".{ParameterVersion.Label(version.Version)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, version.ToJson(), cancellationToken).ConfigureAwait(false);
            File.Move(temp, target, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public Task<ParameterVersion?> GetLatestAsync(CancellationToken cancellationToken) => NewestAsync(_ => true, cancellationToken);

    public Task<ParameterVersion?> GetLatestAcceptedAsync(CancellationToken cancellationToken) =>
        NewestAsync(v => v.Status == ParameterVersionStatus.Accepted, cancellationToken);

    private async Task<ParameterVersion?> NewestAsync(Func<ParameterVersion, bool> predicate, CancellationToken cancellationToken)
    {
        _warnings.Clear();
        if (!System.IO.Directory.Exists(Directory))
        {
            return null;
        }
        var files = System.IO.Directory.GetFiles(Directory, "v*.json").OrderByDescending(f => Path.GetFileName(f), StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                var version = ParameterVersion.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false));
                if (predicate(version))
                {
                    return version;
                }
            }
            catch (FormatException e)
            {
                _warnings.Add($"{file}: {e.Message}");
            }
        }
        return null;
    }
}
