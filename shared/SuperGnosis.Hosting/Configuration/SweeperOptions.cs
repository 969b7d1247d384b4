namespace SuperGnosis.Hosting.Configuration;

/// <summary><c>SuperGnosis:Sweeper</c>: when a run counts as stuck and how often it is re-driven before it is marked failed.</summary>
public sealed class SweeperOptions
{
    /// <summary>A pending or running run not updated for this long is stuck (1 minute to 1 day).</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Re-drives of one run before the sweeper marks it failed (0 to 20).</summary>
    public int MaxRedrives { get; set; } = 3;

    /// <summary>UTC NCRONTAB (six fields, seconds first) of the sweeper timer.</summary>
    public string Schedule { get; set; } = "0 */5 * * * *";
}
