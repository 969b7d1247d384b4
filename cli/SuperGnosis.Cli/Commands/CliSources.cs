namespace SuperGnosis.Cli.Commands;

/// <summary><c>--source synthetic|files</c> and <c>--data &lt;dir&gt;</c>, shared by the commands that read market data.</summary>
public static class CliSources
{
    public const string Help = "Market data: synthetic (built in) or files (the folder or az://container given with --data; docs/data-formats.md, \"Files source\")";

    /// <summary>
    /// The data directory's full path when the source is <c>files</c>, null for <c>synthetic</c> (the default). Usage
    /// errors: an unknown source, <c>files</c> without <c>--data</c>, <c>--data</c> with <c>synthetic</c>, a directory
    /// that does not exist or is a file.
    /// </summary>
    public static string? Parse(string? source, string? data)
    {
        var name = (source ?? (data is null ? "synthetic" : "files")).Trim().ToLowerInvariant();
        switch (name)
        {
            case "synthetic":
                return data is null ? null : throw new CliUsageException("--data is read by --source files only");
            case "files":
                if (string.IsNullOrWhiteSpace(data))
                {
                    throw new CliUsageException("--source files needs --data <dir>");
                }
                if (CliDataLocation.IsBlob(data))
                {
                    // A blob container (az://container[/folder]): checked when it is opened.
                    return data.Trim();
                }
                var full = Path.GetFullPath(data);
                return Directory.Exists(full) ? full
                    : File.Exists(full) ? throw new CliUsageException($"--data {full} is a file, not a directory")
                    : throw new CliUsageException($"--data {full}: no such directory");
            default:
                throw new CliUsageException($"--source must be synthetic or files (got '{source}')");
        }
    }
}
