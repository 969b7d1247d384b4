using System.Globalization;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Data.Files;

/// <summary>
/// <see cref="IDataFileStore"/> over a local folder. A file's version is its length and last write time (UTC ticks).
/// Writes go to a hidden temporary file in the target's folder (<c>.&lt;name&gt;.&lt;random&gt;.tmp</c>, ignored by the files
/// source), flushed to disk, then renamed onto the target: readers see the old file or the new one, never a part.
/// Create-only writes rename without overwriting (an existing file wins); replacing writes check the version under a
/// process-wide lock just before the rename. Another process replacing the same file between that check and the rename is
/// not detected (the blob store is the one to share between hosts).
/// </summary>
public sealed class LocalDataFileStore : IDataFileStore
{
    private static readonly SemaphoreSlim WriteGate = new(1, 1);

    /// <param name="root">The folder; it must exist.</param>
    public LocalDataFileStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException(File.Exists(Root) ? $"{Root} is a file, not a directory" : $"the data directory {Root} does not exist");
        }
    }

    /// <summary>Full path of the folder.</summary>
    public string Root { get; }

    public string Location => Root;

    public string Describe(string path) => FullPath(path);

    public Task<IReadOnlyList<DataFileEntry>> ListAsync(string folder, CancellationToken cancellationToken)
    {
        var full = FullPath(folder);
        if (!Directory.Exists(full))
        {
            return Task.FromResult<IReadOnlyList<DataFileEntry>>([]);
        }
        var prefix = folder.Trim('/');
        var entries = new DirectoryInfo(full).EnumerateFiles()
            .Select(f => new DataFileEntry(prefix.Length == 0 ? f.Name : prefix + "/" + f.Name, Version(f)))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult<IReadOnlyList<DataFileEntry>>(entries);
    }

    public Task<bool> FolderExistsAsync(string folder, CancellationToken cancellationToken) => Task.FromResult(Directory.Exists(FullPath(folder)));

    public async Task<DataFileContent?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var full = FullPath(path);
        // The version is taken before and after the read; a file replaced meanwhile is read again.
        for (var attempt = 0; ; attempt++)
        {
            var before = new FileInfo(full);
            if (!before.Exists)
            {
                return null;
            }
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }
            var version = Version(before);
            var after = new FileInfo(full);
            if ((after.Exists && Version(after) == version) || attempt == 2)
            {
                return new DataFileContent(bytes, version);
            }
        }
    }

    public async Task<bool> TryWriteAsync(string path, ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken)
    {
        var full = FullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            await WriteGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var current = new FileInfo(full);
                if (expectedVersion is null)
                {
                    if (current.Exists)
                    {
                        return false;
                    }
                    try
                    {
                        File.Move(temp, full, overwrite: false);
                    }
                    catch (IOException) when (File.Exists(full))
                    {
                        return false;
                    }
                    return true;
                }
                if (!current.Exists || Version(current) != expectedVersion)
                {
                    return false;
                }
                File.Move(temp, full, overwrite: true);
                return true;
            }
            finally
            {
                WriteGate.Release();
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>The full path of a relative '/'-separated path; a path that is rooted or climbs out ('..') is refused.</summary>
    private string FullPath(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var segments = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (relative.Contains('\\', StringComparison.Ordinal) || segments.Any(s => s is "." or ".." || s.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0))
        {
            throw new ArgumentException($"'{relative}' is not a relative data path ('/'-separated names, no '..')", nameof(relative));
        }
        return segments.Length == 0 ? Root : Path.Combine([Root, .. segments]);
    }

    private static string Version(FileInfo file) =>
        string.Create(CultureInfo.InvariantCulture, $"{file.Length}-{file.LastWriteTimeUtc.Ticks}");
}
