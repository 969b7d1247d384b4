using Microsoft.Extensions.Options;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Hosting.Configuration;

namespace SuperGnosis.Messaging;

/// <summary>Start-up checks of <see cref="BusOptions"/>, each failure naming its configuration key.</summary>
public sealed class BusOptionsValidator(PipelineStages stages) : IValidateOptions<BusOptions>
{
    public ValidateOptionsResult Validate(string? name, BusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = BusOptions.Section;
        if (!BusOptions.Transports.Contains(options.Transport, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{section}:Transport '{options.Transport}' is not a known transport; allowed values: {string.Join(", ", BusOptions.Transports)}");
        }
        try
        {
            StageSelection.Parse(options.Stages, [.. stages.Handlers.Select(h => h.Address)]);
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{section}:Stages: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
        if (options.Retry.Limit is < 0 or > 20)
        {
            failures.Add($"{section}:Retry:Limit = {options.Retry.Limit} must be in [0, 20]");
        }
        if (options.Retry.MinInterval < TimeSpan.Zero || options.Retry.MinInterval > options.Retry.MaxInterval)
        {
            failures.Add($"{section}:Retry:MinInterval = {options.Retry.MinInterval} must be >= 0 and <= Retry:MaxInterval ({options.Retry.MaxInterval})");
        }
        if (options.Retry.MaxInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{section}:Retry:MaxInterval = {options.Retry.MaxInterval} must be at most 00:10:00");
        }
        if (options.Retry.IntervalDelta < TimeSpan.Zero)
        {
            failures.Add($"{section}:Retry:IntervalDelta = {options.Retry.IntervalDelta} must be >= 0");
        }
        if (options.ConcurrentMessageLimit is < 1 or > 256)
        {
            failures.Add($"{section}:ConcurrentMessageLimit = {options.ConcurrentMessageLimit} must be in [1, 256]");
        }
        if (options.ConsumerStopTimeout < TimeSpan.FromSeconds(1) || options.ConsumerStopTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{section}:ConsumerStopTimeout = {options.ConsumerStopTimeout} must be in [00:00:01, 00:10:00]");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Start-up checks of <see cref="RabbitMqOptions"/> (registered only with the RabbitMQ transport); never shows the password.</summary>
public sealed class RabbitMqOptionsValidator : IValidateOptions<RabbitMqOptions>
{
    public ValidateOptionsResult Validate(string? name, RabbitMqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = RabbitMqOptions.Section;
        if (string.IsNullOrWhiteSpace(options.Host) || Uri.CheckHostName(options.Host.Trim()) == UriHostNameType.Unknown)
        {
            failures.Add($"{section}:Host '{Printable(options.Host)}' must be a host name or IP address (no scheme, port or credentials)");
        }
        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{section}:Port = {options.Port} must be in [1, 65535]");
        }
        if (string.IsNullOrEmpty(options.VirtualHost))
        {
            failures.Add($"{section}:VirtualHost must not be empty (the default virtual host is '/')");
        }
        if (string.IsNullOrWhiteSpace(options.Username))
        {
            failures.Add($"{section}:Username must not be empty");
        }
        if (string.IsNullOrEmpty(options.Password))
        {
            failures.Add($"{section}:Password is not set (set the environment variable RabbitMq__Password)");
        }
        if (options.ConnectTimeout < TimeSpan.FromSeconds(1) || options.ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:ConnectTimeout = {options.ConnectTimeout} must be in [00:00:01, 00:05:00]");
        }
        if (options.Heartbeat < TimeSpan.FromSeconds(1) || options.Heartbeat > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{section}:Heartbeat = {options.Heartbeat} must be in [00:00:01, 00:10:00]");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A host value for a message: a value that looks like a URI with credentials is masked.</summary>
    private static string Printable(string? host) =>
        host is null ? "" : host.Contains('@', StringComparison.Ordinal) ? Secrets.Mask : host;
}
