using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Cli.Serve;

/// <summary>A run as <c>GET /api/runs/{run_id}</c> returns it; <see cref="Result"/> is set for completed runs only.</summary>
public sealed record RunDocument(string RunId, string Status, string? Reason, AnalysisReport? Result, string Json)
{
    public bool IsFinished => Status is "completed" or "failed";
}

/// <summary>What <c>POST /api/runs</c> answered: the run id and the URL of its status.</summary>
public sealed record RunAccepted(string RunId, Uri StatusUrl, string Json);

/// <summary>The API answered with an RFC 7807 problem (or another unexpected status).</summary>
public sealed class ServeApiException(int status, string? type, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    /// <summary>The problem type's slug (<c>run-not-found</c>, <c>invalid-symbol</c>, ...), or null when the body was not a problem.</summary>
    public string? Type { get; } = type;
}

/// <summary>The server could not be reached (nothing listening, a DNS failure, a timeout).</summary>
public sealed class ServeUnreachableException(Uri server, string reason, Exception inner)
    : Exception($"no gnosis serve answers at {server}: {reason}", inner);

/// <summary>
/// A small typed client of the HTTP API a <c>gnosis serve</c> (or the Functions app, with its key) serves:
/// <c>POST /api/runs</c> and <c>GET /api/runs/{run_id}</c>. Responses are read strictly: a body that is not the
/// documented shape is an error, never a guess.
/// </summary>
public sealed class ServeClient(HttpClient http)
{
    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));

    /// <summary>The server's base address (e.g. <c>http://127.0.0.1:5080/</c>).</summary>
    public Uri BaseAddress => _http.BaseAddress ?? throw new InvalidOperationException("the client has no base address");

    /// <summary>A client of <paramref name="server"/> with <paramref name="timeout"/> per request.</summary>
    public static ServeClient For(Uri server, TimeSpan timeout) =>
        new(new HttpClient { BaseAddress = server, Timeout = timeout });

    /// <summary><c>POST /api/runs</c>: 202 gives the run id and status URL; anything else is a <see cref="ServeApiException"/>.</summary>
    public async Task<RunAccepted> StartRunAsync(string symbol, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("symbol", symbol);
            if (asOf is { } instant)
            {
                writer.WriteString("as_of", instant.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }
            writer.WriteEndObject();
        }
        using var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var (status, body) = await SendAsync(HttpMethod.Post, "api/runs", content, cancellationToken).ConfigureAwait(false);
        if (status != HttpStatusCode.Accepted)
        {
            throw Problem(status, body);
        }
        return Read(body, "POST /api/runs", root => new RunAccepted(
            RequiredString(root, "run_id"),
            new Uri(RequiredString(root, "status_url"), UriKind.Absolute),
            body));
    }

    /// <summary><c>GET /api/runs/{run_id}</c>: the run's status, reason and, when completed, its result.</summary>
    public async Task<RunDocument> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var (status, body) = await SendAsync(HttpMethod.Get, "api/runs/" + Uri.EscapeDataString(runId), null, cancellationToken).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw Problem(status, body);
        }
        return Read(body, "GET /api/runs/" + runId, root =>
        {
            var state = RequiredString(root, "status");
            if (state is not ("pending" or "running" or "completed" or "failed"))
            {
                throw new JsonException($"unknown status '{state}'");
            }
            string? reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            AnalysisReport? result = null;
            if (root.TryGetProperty("result", out var raw) && raw.ValueKind == JsonValueKind.Object)
            {
                result = raw.Deserialize(ContractJson.Compact.AnalysisReport) ?? throw new JsonException("'result' is null");
            }
            if (state == "completed" && result is null)
            {
                throw new JsonException("a completed run has no 'result'");
            }
            return new RunDocument(RequiredString(root, "run_id"), state, reason, result, body);
        });
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return (response.StatusCode, body);
        }
        catch (HttpRequestException ex)
        {
            throw new ServeUnreachableException(BaseAddress, ex.InnerException?.Message ?? ex.Message, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServeUnreachableException(BaseAddress, $"no answer within {_http.Timeout.TotalSeconds:0} s", ex);
        }
    }

    private static ServeApiException Problem(HttpStatusCode status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (detail is not null)
            {
                const string prefix = "urn:supergnosis:problem:";
                return new ServeApiException((int)status, type is not null && type.StartsWith(prefix, StringComparison.Ordinal) ? type[prefix.Length..] : type, detail);
            }
        }
        catch (JsonException)
        {
            // Not a problem document: reported by status below.
        }
        return new ServeApiException((int)status, null, $"the server answered {(int)status} {status}" + (body.Length == 0 ? "" : ": " + Shorten(body)));
    }

    private static T Read<T>(string body, string what, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("the body is not a JSON object");
            }
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or UriFormatException or FormatException)
        {
            throw new InvalidDataException($"the answer to {what} is not the documented document: {ex.Message}", ex);
        }
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new JsonException($"'{name}' is missing or not a string");

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 200 ? line : line[..200] + "…";
    }
}
