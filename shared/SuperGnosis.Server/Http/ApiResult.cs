using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SuperGnosis.Server.Http;

/// <summary>
/// An HTTP response as plain data (status, media type, body, optional Location), built by <see cref="PipelineApi"/>
/// and written by the hosts (<see cref="HttpApi.WriteAsync"/>, the Functions app's <c>ContentResult</c>); tests read it without a host.
/// </summary>
public sealed record ApiResult(int StatusCode, string ContentType, string Body, string? Location = null)
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    /// <summary>JSON for API clients, not for embedding in HTML: quotes and apostrophes in details stay readable.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON response whose body <paramref name="write"/> produces.</summary>
    public static ApiResult FromWriter(int statusCode, Action<Utf8JsonWriter> write, string? location = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }
        return new ApiResult(statusCode, Json, Encoding.UTF8.GetString(buffer.ToArray()), location);
    }
}

/// <summary>
/// RFC 7807 problem details: <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, served as
/// <c>application/problem+json</c>. Details are written for the caller: never a stack trace, a connection string or a key.
/// Types are <c>urn:supergnosis:problem:&lt;slug&gt;</c> (docs/functions.md, "Errors").
/// </summary>
public static class Problem
{
    public const string TypePrefix = "urn:supergnosis:problem:";

    public static ApiResult Create(int status, string slug, string title, string detail)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ApiResult.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", TypePrefix + slug);
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }
        return new ApiResult(status, ApiResult.ProblemJson, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static ApiResult BadRequest(string slug, string detail) => Create(400, slug, "Bad Request", detail);

    public static ApiResult NotFound(string slug, string detail) => Create(404, slug, "Not Found", detail);

    public static ApiResult PayloadTooLarge(string detail) => Create(413, "body-too-large", "Payload Too Large", detail);

    /// <summary>An unexpected failure: the detail names only the invocation (request id) to look up in the logs.</summary>
    public static ApiResult Internal(string invocationId) =>
        Create(500, "internal-error", "Internal Server Error", $"the request failed unexpectedly; the logs of invocation {invocationId} have the details");

    /// <summary>The caller went away before the answer was ready (nginx's 499): nothing is written to the caller's log.</summary>
    public static ApiResult ClientClosedRequest() => Create(499, "client-closed-request", "Client Closed Request", "the request was cancelled");

    public static ApiResult Unavailable(string detail) => Create(503, "unavailable", "Service Unavailable", detail);
}
