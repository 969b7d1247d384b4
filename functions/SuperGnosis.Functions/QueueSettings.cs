namespace SuperGnosis.Functions;

/// <summary>
/// The queue trigger settings of host.json that the code relies on (a test checks that host.json says the same).
/// </summary>
public static class QueueSettings
{
    /// <summary>Deliveries of one message before the host moves it to <c>&lt;queue&gt;-poison</c> (<c>extensions.queues.maxDequeueCount</c>).</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>Queue bodies are Base64 (<c>extensions.queues.messageEncoding</c>), as the Azure queue sender writes them.</summary>
    public const string MessageEncoding = "base64";
}
