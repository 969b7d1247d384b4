using Microsoft.Extensions.Logging;

namespace SuperGnosis.Cli.Worker;

/// <summary>
/// The worker's log: one line per entry on standard error (<c>HH:mm:ss level category: message</c>, an exception as its
/// type and message, never a stack trace). Until <see cref="Open"/> is called (the bus has started) entries are held
/// back, so a start that fails (broker unreachable) prints only the command's one error line; <see cref="Discard"/> drops them.
/// </summary>
public sealed class WorkerLog(TextWriter writer, TimeProvider time) : ILoggerProvider
{
    private const int HeldBackLimit = 500;
    private readonly Lock _gate = new();
    private readonly Queue<string> _heldBack = new();
    private bool _open;
    private bool _discarded;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Writes what was held back and every later entry.</summary>
    public void Open()
    {
        lock (_gate)
        {
            while (_heldBack.TryDequeue(out var line))
            {
                writer.WriteLine(line);
            }
            _open = true;
            writer.Flush();
        }
    }

    /// <summary>Drops what was held back and every later entry.</summary>
    public void Discard()
    {
        lock (_gate)
        {
            _heldBack.Clear();
            _discarded = true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            writer.Flush();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            if (_discarded)
            {
                return;
            }
            if (!_open)
            {
                if (_heldBack.Count == HeldBackLimit)
                {
                    _heldBack.Dequeue();
                }
                _heldBack.Enqueue(line);
                return;
            }
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    private sealed class Logger(WorkerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var message = formatter(state, exception).ReplaceLineEndings(" ");
            var error = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")})";
            log.Write($"{log.Now()} {LevelName(logLevel)} {category}: {message}{error}");
        }
    }

    private string Now() => time.GetUtcNow().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
