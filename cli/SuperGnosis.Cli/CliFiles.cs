namespace SuperGnosis.Cli;

/// <summary>
/// The files a command reads and writes, checked before anything is touched (docs/data-formats.md, "Files the CLI
/// writes"): an input must be an existing readable file (not a directory); an output must be a path in an existing,
/// writable folder, not a directory, and not one of the command's inputs (compared as full paths after resolving
/// symbolic links). Failures are <see cref="CliUsageException"/> (exit code 2) naming the option and the problem.
/// </summary>
public static class CliFiles
{
    /// <summary>An existing regular file named by <paramref name="option"/>.</summary>
    public static FileInfo Input(string option, FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Directory.Exists(file.FullName))
        {
            throw new CliUsageException($"{option} '{file.FullName}' is a directory, not a file");
        }
        if (!file.Exists)
        {
            throw new CliUsageException($"{option}: file not found: {file.FullName}");
        }
        try
        {
            using var probe = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{option}: cannot read '{file.FullName}': {ex.Message}");
        }
        return file;
    }

    /// <summary>
    /// A file the command will write, checked now: its folder exists and accepts a new file, it is not a directory or a
    /// read-only file, and it is none of <paramref name="inputs"/>.
    /// </summary>
    public static OutputFile Output(string option, FileInfo file, params IEnumerable<FileInfo?> inputs)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(inputs);
        var target = file.FullName;
        if (Directory.Exists(target))
        {
            throw new CliUsageException($"{option} '{target}' is a directory; give a file name");
        }
        var resolved = SamePath.Resolve(target);
        foreach (var input in inputs.OfType<FileInfo>())
        {
            if (SamePath.Comparer.Equals(resolved, SamePath.Resolve(input.FullName)))
            {
                throw new CliUsageException($"{option} '{target}' is also an input of the command; write to another file (the input is left as it is)");
            }
        }
        var folder = Path.GetDirectoryName(resolved) ?? throw new CliUsageException($"{option} '{target}' has no folder");
        if (!Directory.Exists(folder))
        {
            throw new CliUsageException($"{option}: the folder '{folder}' does not exist");
        }
        if (File.Exists(resolved) && File.GetAttributes(resolved).HasFlag(FileAttributes.ReadOnly))
        {
            throw new CliUsageException($"{option} '{target}' is read-only");
        }
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".{Path.GetFileName(resolved)}.{Guid.NewGuid():N}.probe"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{option}: cannot write in the folder '{folder}': {ex.Message}");
        }
        return new OutputFile(option, resolved);
    }
}

/// <summary>Checks of files a command appends to (the run ledger), made before any work.</summary>
public static class AppendFile
{
    /// <summary>
    /// An append-only file at <paramref name="path"/> can be written: it is not a directory; when it exists it opens for
    /// writing; when it does not, the nearest existing folder above it is a folder that accepts a new file (the ledger
    /// creates missing folders). Failures are <see cref="CliUsageException"/> (exit code 2).
    /// </summary>
    public static void Check(string option, string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new CliUsageException($"{option} '{full}' is a directory; give a file name");
        }
        try
        {
            if (File.Exists(full))
            {
                using var existing = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                return;
            }
            var folder = Path.GetDirectoryName(full);
            while (folder is not null && !Directory.Exists(folder))
            {
                if (File.Exists(folder))
                {
                    throw new CliUsageException($"{option} '{full}': '{folder}' is a file, not a folder");
                }
                folder = Path.GetDirectoryName(folder);
            }
            if (folder is null)
            {
                throw new CliUsageException($"{option} '{full}' has no existing folder");
            }
            using var probe = new FileStream(Path.Combine(folder, $".gnosis-{Guid.NewGuid():N}.probe"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{option}: cannot write '{full}': {ex.Message}");
        }
    }
}

/// <summary>
/// An output written whole or not at all: the content goes to a temporary file in the target's folder, which replaces
/// the target by a rename only when writing succeeded. On an error or a cancellation (Ctrl-C) the temporary file is
/// deleted and the previous target is left as it was.
/// </summary>
public sealed class OutputFile(string option, string fullName)
{
    /// <summary>The target's full path (symbolic links resolved: the link's target is what gets replaced).</summary>
    public string FullName { get; } = fullName;

    /// <summary>Writes through <paramref name="write"/> to a temporary file, then renames it over the target.</summary>
    public async Task WriteAsync(Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = Path.Combine(Path.GetDirectoryName(FullName)!, $".{Path.GetFileName(FullName)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, FullName, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new CliUsageException($"{option}: cannot write '{FullName}': {ex.Message} (the previous file, if any, is unchanged)");
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes text (UTF-8 without a byte order mark, as every command writes) through <paramref name="write"/>.</summary>
    public Task WriteTextAsync(Func<TextWriter, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        WriteAsync(async (stream, ct) =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await write(writer, ct).ConfigureAwait(false);
            await writer.FlushAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done: the target was not touched, and the leftover is a hidden .tmp file.
        }
    }
}

/// <summary>Whether two paths name the same file: full paths with every symbolic link (of the file and of its folders) resolved.</summary>
public static class SamePath
{
    /// <summary>Case-sensitive on Linux, case-insensitive where the usual file systems are (Windows, macOS).</summary>
    public static StringComparer Comparer { get; } = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    /// <summary>The full path with symbolic links resolved; a path that does not exist yet keeps its name under its resolved folder.</summary>
    public static string Resolve(string path) => Resolve(path, depth: 0);

    private static string Resolve(string path, int depth)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && depth < 64)
        {
            full = Path.Combine(Resolve(folder, depth + 1), Path.GetFileName(full));
        }
        try
        {
            FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target && depth < 64)
            {
                return Resolve(target.FullName, depth + 1);
            }
        }
        catch (IOException)
        {
            // A link loop or an unreadable link: compare the path as written.
        }
        return full;
    }
}
