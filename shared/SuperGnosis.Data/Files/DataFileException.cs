namespace SuperGnosis.Data.Files;

/// <summary>
/// A file of the files source that cannot be used at all; the message starts with the file's path and, where the
/// problem is in one place, its line (CSV, JSON lines; a Parquet row for Parquet) and column:
/// <c>/data/SPY/bars/1d.csv line 1 column 'close': missing required column</c>.
/// </summary>
public sealed class DataFileException : FormatException
{
    public DataFileException(string path, string problem, int? line = null, string? column = null, Exception? inner = null)
        : base(Describe(path, problem, line, column), inner)
    {
        FilePath = path;
        Line = line;
        Column = column;
    }

    /// <summary>Full path of the file.</summary>
    public string FilePath { get; }

    /// <summary>1-based line (or Parquet row) of the problem, when it is in one.</summary>
    public int? Line { get; }

    /// <summary>Column of the problem, when it is one column.</summary>
    public string? Column { get; }

    private static string Describe(string path, string problem, int? line, string? column) =>
        path
        + (line is { } l ? FormattableString.Invariant($" line {l}") : string.Empty)
        + (column is null ? string.Empty : $" column '{column}'")
        + ": " + problem;
}
