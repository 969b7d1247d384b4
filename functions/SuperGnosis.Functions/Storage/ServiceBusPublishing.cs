using SuperGnosis.Azure.ServiceBus;
using SuperGnosis.Core.Contracts;
using SuperGnosis.Functions.Stages;

namespace SuperGnosis.Functions.Storage;

/// <summary>The Service Bus topic publisher behind <see cref="ITradeIdeaPublisher"/>; registered only when <c>SuperGnosis:TradeIdeas:ServiceBus</c> is configured.</summary>
public sealed class ServiceBusTradeIdeas(ServiceBusTradeIdeaPublisher publisher) : ITradeIdeaPublisher, IAsyncDisposable
{
    /// <summary>The configuration section of <see cref="ServiceBusTradeIdeaOptions"/>.</summary>
    public const string Section = "SuperGnosis:TradeIdeas:ServiceBus";

    public Task<int> PublishAsync(string runId, IReadOnlyList<TradeIdea> ideas, CancellationToken cancellationToken) =>
        publisher.PublishAsync(runId, ideas, cancellationToken);

    public ValueTask DisposeAsync() => publisher.DisposeAsync();
}
