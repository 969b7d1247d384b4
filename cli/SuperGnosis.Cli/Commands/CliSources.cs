namespace SuperGnosis.Cli.Commands;

/// <summary>
/// What <c>--source</c> and <c>--data</c> select: <see cref="Source"/> is the value of <c>SuperGnosis:MarketData:Source</c>
/// (one source, or several joined by '+': docs/providers.md, "Combining sources"), <see cref="DataDirectory"/> the folder
/// of <c>files</c> when it takes part.
/// </summary>
public sealed record CliSource(string Source, string? DataDirectory)
{
    public static CliSource Synthetic { get; } = new("synthetic", null);

    /// <summary>The source names, in order.</summary>
    public IReadOnlyList<string> Parts => Source.Split('+');

    public bool IsSynthetic => Source == "synthetic";

    /// <summary>A live provider takes part (it is asked over the network).</summary>
    public bool IsLive => Parts.Any(CliSources.LiveProviders.Contains);

    public bool UsesFiles => Parts.Contains("files");
}

/// <summary><c>--source synthetic|files|cboe|polygon|tradier|alpaca</c> (or several joined by '+') and <c>--data &lt;dir&gt;</c>, shared by the commands that read market data.</summary>
public static class CliSources
{
    public const string Help = "Market data: synthetic (built in), files (the folder or az://container given with --data; docs/data-formats.md), or a live provider: "
        + "cboe, polygon, tradier, alpaca (keys in SuperGnosis:Data:<Provider>; docs/providers.md). Join several with '+' (e.g. cboe+polygon): "
        + "each kind of data comes from the first that serves it";

    /// <summary>The live providers <c>--source</c> accepts.</summary>
    public static IReadOnlyList<string> LiveProviders { get; } = ["cboe", "polygon", "tradier", "alpaca"];

    private static readonly string[] Known = ["synthetic", "files", .. LiveProviders];

    /// <summary>
    /// The selection. Usage errors: an unknown source, a source named twice, synthetic combined with another, files without
    /// <c>--data</c>, <c>--data</c> without files, a directory that does not exist or is a file.
    /// </summary>
    public static CliSource Parse(string? source, string? data)
    {
        var text = (source ?? (data is null ? "synthetic" : "files")).Trim().ToLowerInvariant();
        var parts = text.Split('+', StringSplitOptions.TrimEntries);
        if (parts.Any(p => !Known.Contains(p)))
        {
            throw new CliUsageException($"--source must be synthetic, files, cboe, polygon, tradier or alpaca, or several joined by '+' (got '{source}')");
        }
        if (parts.Distinct().Count() != parts.Length)
        {
            throw new CliUsageException($"--source names a source twice (got '{source}')");
        }
        if (parts.Length > 1 && parts.Contains("synthetic"))
        {
            throw new CliUsageException("--source synthetic cannot be combined with other sources");
        }
        var joined = string.Join('+', parts);
        if (!parts.Contains("files"))
        {
            return data is null ? new CliSource(joined, null) : throw new CliUsageException("--data is read by --source files only");
        }
        if (string.IsNullOrWhiteSpace(data))
        {
            throw new CliUsageException($"--source {joined} needs --data <dir> (the folder of files)");
        }
        if (CliDataLocation.IsBlob(data))
        {
            // A blob container (az://container[/folder]): checked when it is opened.
            return new CliSource(joined, data.Trim());
        }
        var full = Path.GetFullPath(data);
        return Directory.Exists(full) ? new CliSource(joined, full)
            : File.Exists(full) ? throw new CliUsageException($"--data {full} is a file, not a directory")
            : throw new CliUsageException($"--data {full}: no such directory");
    }
}
