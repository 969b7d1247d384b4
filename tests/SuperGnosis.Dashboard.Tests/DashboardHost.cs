using System.Globalization;
using System.Net;
using System.Text.Json;
using SuperGnosis.Server.Tests.Support;

namespace SuperGnosis.Dashboard.Tests;

/// <summary>
/// A <c>gnosis serve</c> host (in process, real Kestrel on a free port, synthetic market seed 7) whose ledger holds SPY
/// analyses at three fixed instants (so the level history has several points) and nothing of QQQ; watchlist SPY, QQQ.
/// </summary>
public sealed class DashboardHost : IAsyncLifetime
{
    public static readonly string[] AsOfs = ["2026-03-02T15:30:00Z", "2026-03-03T15:30:00Z", "2026-03-04T15:30:00Z"];

    public ServeTestHost Serve { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Serve = await ServeTestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["SuperGnosis:Scheduler:Watchlist:0"] = "SPY",
            ["SuperGnosis:Scheduler:Watchlist:1"] = "QQQ",
        });
        foreach (var asOf in AsOfs)
        {
            using var response = await Serve.Http.PostAsync("api/analyze/SPY?as_of=" + Uri.EscapeDataString(asOf), null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    public async Task DisposeAsync() => await Serve.DisposeAsync();

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Serve.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static string Q(string text) => Uri.EscapeDataString(text);

    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
