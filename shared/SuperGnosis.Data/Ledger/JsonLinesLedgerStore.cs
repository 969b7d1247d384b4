using System.Text;
using System.Text.Json;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Core.Ports;

namespace SuperGnosis.Data.Ledger;

/// <summary>
/// Append-only ledger in a JSON-lines file: one <see cref="LedgerRecord"/> per line, UTF-8, written
/// with a single write and flushed to disk before <see cref="AppendAsync"/> returns. A crash can only
/// tear the last line: readers skip unreadable lines with a warning naming the line number, and the
/// next append first terminates a torn line so the new record starts on a line of its own. Appends
/// from one process are serialized; other processes should not write the same file concurrently.
/// Appends are idempotent per run id: the run ids already in the file are indexed (reading only the bytes
/// added since the last append, so records appended by another process count too) and a second record of
/// a run is not written.
/// </summary>
public sealed class JsonLinesLedgerStore : ILedgerStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LedgerRunIndex _runIds = new();

    public JsonLinesLedgerStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
    }

    public string FilePath { get; }

    /// <summary>The default ledger under the user's data folder, or <c>$GNOSIS_DATA_DIR/ledger.jsonl</c> when set.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var root = env("GNOSIS_DATA_DIR");
        if (string.IsNullOrWhiteSpace(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "SuperGnosis");
        }
        return Path.Combine(root, "ledger.jsonl");
    }

    public async Task<bool> AppendAsync(LedgerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = Encoding.UTF8.GetBytes(ContractJson.Serialize(record) + "\n");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await using var stream = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.Asynchronous);
            await _runIds.CatchUpAsync(stream, cancellationToken).ConfigureAwait(false);
            if (record.RunId is { } runId && _runIds.Contains(runId))
            {
                return false;
            }
            if (stream.Length > 0)
            {
                stream.Seek(-1, SeekOrigin.End);
                var last = new byte[1];
                await stream.ReadExactlyAsync(last, cancellationToken).ConfigureAwait(false);
                if (last[0] != (byte)'\n')
                {
                    // A torn line from an earlier crash: close it so it stays one bad line, not two.
                    await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                }
            }
            stream.Seek(0, SeekOrigin.End);
            await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            _runIds.Appended(record.RunId, stream.Length);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<LedgerReadResult> ReadAllAsync(CancellationToken cancellationToken)
    {
        var records = new List<LedgerRecord>();
        var warnings = new List<string>();
        if (!File.Exists(FilePath))
        {
            return new LedgerReadResult(records, warnings);
        }
        await using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                records.Add(ContractJson.DeserializeLedgerRecord(line));
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                warnings.Add($"{FilePath}:{lineNumber}: skipped unreadable line ({ex.Message})");
            }
        }
        return new LedgerReadResult(records, warnings);
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>
/// The run ids of a ledger file, kept up to date incrementally: only bytes past <see cref="_indexedLength"/>
/// are read; a file that shrank (replaced) is read again from the start.
/// </summary>
internal sealed class LedgerRunIndex
{
    private readonly HashSet<string> _runIds = new(StringComparer.Ordinal);
    private long _indexedLength;

    public bool Contains(string runId) => _runIds.Contains(runId);

    public async Task CatchUpAsync(FileStream stream, CancellationToken cancellationToken)
    {
        if (stream.Length < _indexedLength)
        {
            _runIds.Clear();
            _indexedLength = 0;
        }
        if (stream.Length == _indexedLength)
        {
            return;
        }
        stream.Seek(_indexedLength, SeekOrigin.Begin);
        var pending = new byte[stream.Length - _indexedLength];
        await stream.ReadExactlyAsync(pending, cancellationToken).ConfigureAwait(false);
        // Only complete lines are indexed; a torn last line is not a record (readers skip it too).
        var end = Array.LastIndexOf(pending, (byte)'\n');
        var start = 0;
        while (start <= end)
        {
            var newline = Array.IndexOf(pending, (byte)'\n', start, end - start + 1);
            AddLine(pending.AsSpan(start, newline - start));
            start = newline + 1;
        }
        _indexedLength += end + 1;
    }

    public void Appended(string? runId, long length)
    {
        if (runId is not null)
        {
            _runIds.Add(runId);
        }
        _indexedLength = length;
    }

    private void AddLine(ReadOnlySpan<byte> line)
    {
        if (line.Trim(" \t\r"u8).IsEmpty)
        {
            return;
        }
        try
        {
            if (ContractJson.DeserializeLedgerRecord(Encoding.UTF8.GetString(line)).RunId is { } runId)
            {
                _runIds.Add(runId);
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Unreadable lines are reported by ReadAllAsync; they hold no run to deduplicate against.
        }
    }
}
