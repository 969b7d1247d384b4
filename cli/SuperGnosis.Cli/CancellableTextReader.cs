namespace SuperGnosis.Cli;

/// <summary>
/// A reader that stops with <see cref="OperationCanceledException"/> once its token is cancelled (Ctrl-C), so a
/// synchronous batch reading row by row ends promptly and its output file is never renamed into place.
/// </summary>
internal sealed class CancellableTextReader(TextReader inner, CancellationToken cancellationToken) : TextReader
{
    public override int Peek()
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.Peek();
    }

    public override int Read()
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.Read();
    }

    public override int Read(char[] buffer, int index, int count)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.Read(buffer, index, count);
    }

    public override int Read(Span<char> buffer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.Read(buffer);
    }

    public override string? ReadLine()
    {
        cancellationToken.ThrowIfCancellationRequested();
        return inner.ReadLine();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
