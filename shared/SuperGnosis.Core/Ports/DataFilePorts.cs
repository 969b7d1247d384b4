namespace SuperGnosis.Core.Ports;

/// <summary>A file of an <see cref="IDataFileStore"/>: its path relative to the store's root ('/'-separated) and its version.</summary>
/// <param name="Path">Relative path, e.g. <c>SPY/chains/20240306T193000Z.parquet</c>.</param>
/// <param name="Version">
/// Opaque token that changes whenever the content changes (a local file: its length and last write time; a blob: its
/// ETag). Readers cache parsed files by (path, version); writers pass it back to replace exactly what they read.
/// </param>
public sealed record DataFileEntry(string Path, string Version);

/// <summary>A file's bytes and the version they were read at.</summary>
public sealed record DataFileContent(ReadOnlyMemory<byte> Bytes, string Version);

/// <summary>
/// A tree of data files addressed by relative '/'-separated paths: the files layout of docs/data-formats.md ("Files
/// source") in a local folder or in a blob container. The files source reads through it and the snapshot writer and the
/// run archive write through it, so every reader and writer of the layout works on both. Writes are whole-file and
/// conditional (never a partial file, never a silent overwrite of content the writer did not read).
/// </summary>
public interface IDataFileStore
{
    /// <summary>Where the store is, for messages: a folder's full path, or <c>az://container[/prefix]</c>.</summary>
    string Location { get; }

    /// <summary>The full name of <paramref name="path"/> for messages (the folder path joined with it, or the blob URL form).</summary>
    string Describe(string path);

    /// <summary>
    /// The files directly in <paramref name="folder"/> (not in its subfolders), in ordinal order of path; empty when the
    /// folder does not exist. <paramref name="folder"/> is relative ('' = the root).
    /// </summary>
    Task<IReadOnlyList<DataFileEntry>> ListAsync(string folder, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="folder"/> holds any file, directly or in a subfolder (a local folder: when it exists).</summary>
    Task<bool> FolderExistsAsync(string folder, CancellationToken cancellationToken);

    /// <summary>The file's bytes and version, or null when it does not exist.</summary>
    Task<DataFileContent?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="content"/> as <paramref name="path"/>, whole or not at all. With
    /// <paramref name="expectedVersion"/> null the file must not exist (create only); otherwise its current version must be
    /// <paramref name="expectedVersion"/> (replace exactly what was read). Returns false, changing nothing, when the
    /// condition does not hold (another writer got there first: read again and retry).
    /// </summary>
    Task<bool> TryWriteAsync(string path, ReadOnlyMemory<byte> content, string? expectedVersion, CancellationToken cancellationToken);
}
