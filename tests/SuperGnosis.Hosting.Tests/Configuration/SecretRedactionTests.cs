using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SuperGnosis.Hosting.Configuration;
using SuperGnosis.Hosting.Telemetry;

namespace SuperGnosis.Hosting.Tests.Configuration;

/// <summary>Secrets never reach a message: options print and validate redacted.</summary>
public sealed class SecretRedactionTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq";

    [Fact]
    public void Telemetry_options_print_without_headers_or_credentials()
    {
        var options = new TelemetryOptions
        {
            OtlpEndpoint = new Uri("https://svc:" + Key + "@collector.example:4318/otlp?sig=" + Key),
            OtlpHeaders = "api-key=" + Key,
        };
        var text = options.ToString();
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.Contains("OtlpHeaders = ***", text, StringComparison.Ordinal);
        Assert.Contains("https://***@collector.example:4318/otlp?***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_failure_does_not_show_the_secret()
    {
        var configuration = TestComposition.Configuration(new Dictionary<string, string?>
        {
            [TelemetryOptions.OtlpEndpointKey] = "ftp://user:" + Key + "@collector:4317",
            [TelemetryOptions.OtlpHeadersKey] = Key,
        });
        var ex = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddSuperGnosisTelemetry(configuration));
        Assert.Contains("OtlpEndpoint", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OtlpHeaders", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=dev;AccountKey={0};EndpointSuffix=core.windows.net", "AccountName=dev;AccountKey=***;")]
    [InlineData("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={0}", "SharedAccessKey=***")]
    [InlineData("BlobEndpoint=https://a.blob.core.windows.net;SharedAccessSignature=sv=2024&sig={0}", "SharedAccessSignature=***")]
    [InlineData("Host=db;Username=app;Password={0}", "Password=***")]
    public void Connection_strings_are_masked(string format, string expected)
    {
        var redacted = Secrets.RedactConnectionString(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, Key));
        Assert.DoesNotContain(Key, redacted, StringComparison.Ordinal);
        Assert.Contains(expected, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_secrets_print_as_none()
    {
        Assert.Equal("none", Secrets.Redact(null));
        Assert.Equal("none", Secrets.RedactConnectionString(""));
        Assert.Equal("***", Secrets.Redact("x"));
    }
}
