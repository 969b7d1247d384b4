using Xunit;

namespace SuperGnosis.Testing;

/// <summary>
/// One RabbitMQ broker for a test collection: declare <c>[CollectionDefinition("rabbitmq")] public sealed class
/// RabbitMqCollection : ICollectionFixture&lt;RabbitMqFixture&gt;;</c> and mark test classes <c>[Collection("rabbitmq")]</c>.
/// Tests stay independent in virtual hosts of their own (<see cref="IRabbitMqServer.AddVirtualHostAsync"/>).
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private IRabbitMqServer? server;

    public IRabbitMqServer Server => server ?? throw new InvalidOperationException("RabbitMQ has not been started");

    public async Task InitializeAsync() => server = await RabbitMqServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
