using Xunit;

namespace SuperGnosis.Testing;

/// <summary>
/// One Azurite for a whole test assembly: declare in the test assembly
/// <c>[CollectionDefinition("azurite")] public sealed class AzuriteCollection : ICollectionFixture&lt;AzuriteFixture&gt;;</c>
/// and mark test classes <c>[Collection("azurite")]</c>. Tests stay independent by using unique names (<see cref="UniqueName"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private IAzuriteServer? server;

    public IAzuriteServer Server => server ?? throw new InvalidOperationException("Azurite has not been started");

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => server = await AzuriteServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A name unique to this process and call: <paramref name="prefix"/> plus 12 lower-case hex digits; valid as a
    /// table name when the prefix is letters only and as a queue or container name when it is lower-case.
    /// </summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
}
