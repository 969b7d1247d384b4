using Azure.Identity;
using Microsoft.Extensions.Configuration;
using SuperGnosis.Azure.Storage;
using SuperGnosis.Testing;

namespace SuperGnosis.Azure.Tests.Storage;

public sealed class AzureStorageConnectionTests
{
    private const string Key = "c2VjcmV0LWFjY291bnQta2V5LXRoYXQtbXVzdC1ub3QtbGVhaw==";

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void DevelopmentStorage_PointsAtAzuritesDefaultPorts()
    {
        var connection = AzureStorageConnection.FromConfiguration(Config(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.Equal(StorageAuthentication.ConnectionString, connection.Authentication);
        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), connection.BlobServiceUri);
        Assert.Null(connection.Credential);
        Assert.Equal(connection.TableServiceUri, TrimSlash(connection.CreateTableServiceClient().Uri));
        Assert.Equal(connection.QueueServiceUri, TrimSlash(connection.CreateQueueServiceClient().Uri));
        Assert.Equal(connection.BlobServiceUri, TrimSlash(connection.CreateBlobServiceClient().Uri));
    }

    [Fact]
    public void AnAccountKeyConnectionString_DerivesEndpoints_AndNeverShowsTheKey()
    {
        var value = $"DefaultEndpointsProtocol=https;AccountName=sgprod;AccountKey={Key};EndpointSuffix=core.windows.net";
        var connection = AzureStorageConnection.FromConfiguration(Config(("SuperGnosis:Storage", value)), "SuperGnosis:Storage");

        Assert.Equal("sgprod", connection.AccountName);
        Assert.Equal(new Uri("https://sgprod.table.core.windows.net"), connection.TableServiceUri);
        Assert.Equal(new Uri("https://sgprod.queue.core.windows.net"), connection.QueueServiceUri);
        Assert.Equal(new Uri("https://sgprod.blob.core.windows.net"), connection.BlobServiceUri);
        Assert.Equal("sgprod", connection.CreateTableServiceClient().AccountName);
        Assert.Equal("sgprod", connection.CreateBlobServiceClient().AccountName);
        Assert.DoesNotContain(Key, connection.ToString());
        Assert.DoesNotContain("AccountKey", connection.ToString());
        Assert.Contains("SuperGnosis:Storage", connection.ToString());
    }

    [Fact]
    public void ExplicitEndpoints_InAConnectionString_AreUsed()
    {
        var value = AzuriteServer.ConnectionString("127.0.0.1", 41000, 41001, 41002);
        var connection = AzureStorageConnection.FromConnectionString(value);
        Assert.Equal(new Uri("http://127.0.0.1:41002/devstoreaccount1"), connection.TableServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:41001/devstoreaccount1"), connection.QueueServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:41000/devstoreaccount1"), connection.BlobServiceUri);
        Assert.Equal(connection.QueueServiceUri, TrimSlash(connection.CreateQueueServiceClient().Uri));
        Assert.DoesNotContain(AzuriteServer.AccountKey, connection.ToString());
    }

    [Fact]
    public void IdentitySettings_WithManagedIdentityAndClientId_ChooseAUserAssignedManagedIdentity()
    {
        var connection = AzureStorageConnection.FromConfiguration(Config(
            ("AzureWebJobsStorage:tableServiceUri", "https://sgprod.table.core.windows.net"),
            ("AzureWebJobsStorage:queueServiceUri", "https://sgprod.queue.core.windows.net"),
            ("AzureWebJobsStorage:blobServiceUri", "https://sgprod.blob.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "11111111-2222-3333-4444-555555555555")));

        Assert.Equal(StorageAuthentication.Identity, connection.Authentication);
        Assert.IsType<ManagedIdentityCredential>(connection.Credential);
        Assert.Contains("client id 11111111-2222-3333-4444-555555555555", connection.CredentialDescription);
        Assert.Equal("sgprod", connection.AccountName);
        Assert.Equal(new Uri("https://sgprod.table.core.windows.net"), TrimSlash(connection.CreateTableServiceClient().Uri));
        Assert.Equal(new Uri("https://sgprod.queue.core.windows.net"), TrimSlash(connection.CreateQueueServiceClient().Uri));
        Assert.Equal(new Uri("https://sgprod.blob.core.windows.net"), TrimSlash(connection.CreateBlobServiceClient().Uri));
    }

    [Fact]
    public void IdentitySettings_FromEnvironmentVariables_WithDoubleUnderscores()
    {
        var prefix = $"SGTEST{Guid.NewGuid():N}_";
        var variables = new Dictionary<string, string>
        {
            [prefix + "AzureWebJobsStorage__queueServiceUri"] = "https://sgenv.queue.core.windows.net",
            [prefix + "AzureWebJobsStorage__blobServiceUri"] = "https://sgenv.blob.core.windows.net",
            [prefix + "AzureWebJobsStorage__credential"] = "managedidentity",
        };
        try
        {
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var connection = AzureStorageConnection.FromConfiguration(configuration);

            Assert.IsType<ManagedIdentityCredential>(connection.Credential);
            Assert.Equal("ManagedIdentityCredential (system-assigned)", connection.CredentialDescription);
            Assert.Equal(new Uri("https://sgenv.queue.core.windows.net"), connection.QueueServiceUri);
            Assert.Null(connection.TableServiceUri);
            var error = Assert.Throws<InvalidOperationException>(() => connection.CreateTableServiceClient());
            Assert.Contains("AzureWebJobsStorage__tableServiceUri", error.Message);
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Fact]
    public void IdentitySettings_WithoutACredentialSetting_UseDefaultAzureCredential_AndAccountNameGivesEndpoints()
    {
        var connection = AzureStorageConnection.FromConfiguration(Config(("AzureWebJobsStorage:accountName", "sgacct")));
        Assert.IsType<DefaultAzureCredential>(connection.Credential);
        Assert.Equal("DefaultAzureCredential", connection.CredentialDescription);
        Assert.Equal(new Uri("https://sgacct.table.core.windows.net"), connection.TableServiceUri);
        Assert.Equal(new Uri("https://sgacct.queue.core.windows.net"), connection.QueueServiceUri);
        Assert.Equal(new Uri("https://sgacct.blob.core.windows.net"), connection.BlobServiceUri);
        Assert.Contains("identity", connection.ToString());
    }

    [Fact]
    public void MissingOrBadSettings_NameTheSetting()
    {
        Assert.Contains("'AzureWebJobsStorage'", Assert.Throws<InvalidOperationException>(
            () => AzureStorageConnection.FromConfiguration(Config())).Message);
        Assert.Contains("__credential", Assert.Throws<InvalidOperationException>(() => AzureStorageConnection.FromConfiguration(Config(
            ("AzureWebJobsStorage:blobServiceUri", "https://a.blob.core.windows.net"),
            ("AzureWebJobsStorage:credential", "clientsecret")))).Message);
        Assert.Contains("__blobServiceUri", Assert.Throws<InvalidOperationException>(() => AzureStorageConnection.FromConfiguration(Config(
            ("AzureWebJobsStorage:blobServiceUri", "not a uri")))).Message);
        Assert.Contains("__serviceUri", Assert.Throws<InvalidOperationException>(() => AzureStorageConnection.FromConfiguration(Config(
            ("AzureWebJobsStorage:serviceUri", "https://a.blob.core.windows.net")))).Message);
    }

    [Theory]
    [InlineData("AccountName=sg;AccountKey={0};AccountKey={0}")]         // repeated key
    [InlineData("AccountKey={0}")]                                       // no account
    [InlineData("AccountName=sg;AccountKey={0};DefaultEndpointsProtocol=ftp")]
    [InlineData("AccountName=sg;AccountKey={0};BlobEndpoint=not-a-uri")]
    [InlineData("garbage {0}")]
    [InlineData("AccountName=sg;Password={0}")]                           // neither key nor SAS
    public void BadConnectionStrings_AreRejected_WithoutTheSecretInTheMessage(string format)
    {
        var value = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Key);
        var error = Assert.Throws<InvalidOperationException>(() => AzureStorageConnection.FromConnectionString(value, "AzureWebJobsStorage"));
        Assert.DoesNotContain(Key, error.Message);
        Assert.Contains("AzureWebJobsStorage", error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void AnAccountKeyTheSdkRejects_IsReportedWithoutTheKey()
    {
        var connection = AzureStorageConnection.FromConnectionString("AccountName=sg;AccountKey=not*base64*" + Key);
        var error = Assert.Throws<InvalidOperationException>(() => connection.CreateBlobServiceClient());
        Assert.DoesNotContain(Key, error.Message);
        Assert.Null(error.InnerException);
    }

    private static Uri TrimSlash(Uri uri) => new(uri.AbsoluteUri.TrimEnd('/'));
}
