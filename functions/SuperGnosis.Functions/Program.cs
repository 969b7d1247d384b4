using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SuperGnosis.Functions;
using SuperGnosis.Hosting.Telemetry;

// The isolated worker: ASP.NET Core integration for the HTTP routes, the shared composition root plus the Azure
// storage kinds (FunctionsServiceCollectionExtensions), and OpenTelemetry traces/metrics of the pipeline (console
// or OTLP exporters when configured, nothing otherwise). Options are validated when the host starts (ValidateOnStart):
// a bad setting stops the worker with a message naming the key, never a secret.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSuperGnosisFunctions(builder.Configuration);
builder.Services.AddSuperGnosisTelemetry(builder.Configuration);
builder.Build().Run();
