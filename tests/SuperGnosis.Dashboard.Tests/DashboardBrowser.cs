using Microsoft.Playwright;

namespace SuperGnosis.Dashboard.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, or <c>SUPERGNOSIS_CHROMIUM</c>) launched headless by Playwright with the
/// flags of ../shared/RECIPES.md; Playwright gives every launch a fresh temporary profile. No browser is ever downloaded.
/// </summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("SUPERGNOSIS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"no Chromium at {ExecutablePath}: run scripts/install-test-deps.sh (apt-get install chromium) or set SUPERGNOSIS_CHROMIUM");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }

    /// <summary>A page of a new context at 1400x1000 that records console errors and uncaught exceptions.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add("console: " + message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add("page error: " + error);
            }
        };
        return (page, errors);
    }

    /// <summary>Where screenshots go: <c>SUPERGNOSIS_TEST_RESULTS</c>, else this project's <c>TestResults/dashboard</c>.</summary>
    public static string ArtifactFolder()
    {
        var root = Environment.GetEnvironmentVariable("SUPERGNOSIS_TEST_RESULTS");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SuperGnosis.Dashboard.Tests.csproj")))
            {
                dir = dir.Parent;
            }
            root = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults");
        }
        var folder = Path.Combine(root, "dashboard");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
