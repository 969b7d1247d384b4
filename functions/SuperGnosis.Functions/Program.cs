using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using SuperGnosis.Functions;

// The isolated worker: ASP.NET Core integration for the HTTP routes, the shared composition root plus the Azure
// storage kinds (FunctionsServiceCollectionExtensions). Options are validated when the host starts (ValidateOnStart):
// a bad setting stops the worker with a message naming the key, never a secret.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSuperGnosisFunctions(builder.Configuration);
builder.Build().Run();
