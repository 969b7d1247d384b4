namespace SuperGnosis.Azure;

/// <summary>
/// A one-time asynchronous initialization (create a table, queue or container) shared by concurrent callers; a failed
/// or cancelled attempt is forgotten so that the next caller tries again.
/// </summary>
internal sealed class AsyncOnce(Func<Task> initialize)
{
    private readonly Lock gate = new();
    private Task? current;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (gate)
        {
            if (current is null || current.IsFaulted || current.IsCanceled)
            {
                current = initialize();
            }
            task = current;
        }
        return task.IsCompletedSuccessfully ? Task.CompletedTask : task.WaitAsync(cancellationToken);
    }
}
