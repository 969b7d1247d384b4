namespace SuperGnosis.Cli.Commands;

/// <summary><c>--source synthetic|files</c> and <c>--data &lt;dir&gt;</c>, shared by the commands that read market data.</summary>
public static class CliSources
{
    public const string Help = "Market data: synthetic (built in) or files (the folder or az://container given with --data; docs/data-formats.md, \"Files source\")";

    /// <summary>
    /// The source a command reads: <c>synthetic</c> and <c>files</c> checked as by <see cref="Parse"/>; any other name is
    /// passed to the composition root (<c>SuperGnosis:MarketData:Source</c>), which refuses a source no one registered and
    /// names the registered ones. Commands that build the composition root (<c>data snapshot</c>) use this, so every source
    /// registered there is selectable.
    /// </summary>
    public static CliSource Select(string? source, string? data)
    {
        var name = (source ?? (data is null ? MarketDataOptionsNames.Synthetic : MarketDataOptionsNames.Files)).Trim().ToLowerInvariant();
        if (name is MarketDataOptionsNames.Synthetic or MarketDataOptionsNames.Files)
        {
            return new CliSource(name, Parse(name, data));
        }
        return data is null ? new CliSource(name, null) : throw new CliUsageException("--data is read by --source files only");
    }

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

/// <summary>A selected market-data source: its name and, for <c>files</c>, the data location (a folder's full path or <c>az://...</c>).</summary>
public sealed record CliSource(string Name, string? Data)
{
    /// <summary>The configuration keys that select this source in the composition root.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        yield return new(Hosting.Configuration.SuperGnosisSections.MarketData + ":Source", Name);
        if (Data is not null)
        {
            yield return new(Hosting.Configuration.SuperGnosisSections.MarketData + ":DataDirectory", Data);
        }
    }
}

/// <summary>The built-in source names (<see cref="Hosting.Configuration.MarketDataOptions"/>), as constants for patterns.</summary>
internal static class MarketDataOptionsNames
{
    public const string Synthetic = Hosting.Configuration.MarketDataOptions.SyntheticSource;
    public const string Files = Hosting.Configuration.MarketDataOptions.FilesSource;
}
