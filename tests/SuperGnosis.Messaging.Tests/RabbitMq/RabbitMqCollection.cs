using SuperGnosis.Testing;

namespace SuperGnosis.Messaging.Tests.RabbitMq;

/// <summary>One RabbitMQ broker and one Azurite for the tests that need them; each test uses a virtual host and tables of its own.</summary>
[CollectionDefinition("rabbitmq")]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqFixture>, ICollectionFixture<AzuriteFixture>;
