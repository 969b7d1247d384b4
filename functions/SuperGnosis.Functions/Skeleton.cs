using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace SuperGnosis.Functions;

public sealed class Skeleton(ILogger<Skeleton> logger)
{
    [Function("Health")]
    public IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        new OkObjectResult(new { status = "ok" });

    [Function("Analyze")]
    public IActionResult Analyze(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "analyze/{symbol}")] HttpRequest request, string symbol) =>
        new ContentResult { Content = "{\"symbol\":\"" + symbol + "\",\"as_of\":\"" + request.Query["as_of"] + "\"}", ContentType = "application/json", StatusCode = 200 };

    [Function("RunStatus")]
    public IActionResult RunStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{run_id}")] HttpRequest request, string run_id) =>
        new ObjectResult(new { type = "about:blank", title = "Not Found", status = 404, detail = "no run " + run_id }) { StatusCode = 404, ContentTypes = { "application/problem+json" } };

    [Function("EngineHedge")]
    public void EngineHedge([QueueTrigger("sg-engine-hedge", Connection = "AzureWebJobsStorage")] string body, FunctionContext context)
    {
        var data = context.BindingContext.BindingData;
        logger.LogInformation("QUEUE body={Body} id={Id} dequeue={Dequeue}", body, data.GetValueOrDefault("Id"), data.GetValueOrDefault("DequeueCount"));
        if (body.Contains("fail", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("asked to fail");
        }
    }

    [Function("EngineHedgePoison")]
    public void EngineHedgePoison([QueueTrigger("sg-engine-hedge-poison")] string body, FunctionContext context)
    {
        var data = context.BindingContext.BindingData;
        logger.LogInformation("POISON body={Body} id={Id} dequeue={Dequeue}", body, data.GetValueOrDefault("Id"), data.GetValueOrDefault("DequeueCount"));
    }

    [Function("Sweeper")]
    public void Sweeper([TimerTrigger("%SweeperSchedule%")] TimerInfo timer) =>
        logger.LogInformation("SWEEPER fired at {Now:o} past due {PastDue}", DateTime.UtcNow, timer.IsPastDue);
}
