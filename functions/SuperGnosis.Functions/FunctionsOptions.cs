namespace SuperGnosis.Functions;

/// <summary>
/// <c>SuperGnosis:Functions</c>: settings only the Functions app reads (the shared ones, scheduler, sweeper, market
/// data, ledger and run state, are the composition root's; docs/functions.md lists them all). Checked at start by
/// <see cref="FunctionsOptionsValidator"/>.
/// </summary>
public sealed class FunctionsOptions
{
    public const string Section = "SuperGnosis:Functions";

    /// <summary>The app setting of the storage account (a connection string, or identity-based <c>__…ServiceUri</c> settings).</summary>
    public string StorageConnection { get; set; } = "AzureWebJobsStorage";

    /// <summary>Container that keeps poison messages (<c>poison/&lt;queue&gt;/&lt;run id&gt;/&lt;message id&gt;.json</c>).</summary>
    public string PoisonContainer { get; set; } = "sg-artifacts";

    public FeedbackTimerOptions Feedback { get; set; } = new();
}

/// <summary>
/// <c>SuperGnosis:Functions:Feedback</c>: the feedback timer. It stores daily ledger metrics and persists the feedback
/// engine's parameter diff as a versioned blob (docs/functions.md, "Timers"; docs/metrics.md, "Feedback").
/// </summary>
public sealed class FeedbackTimerOptions
{
    /// <summary>UTC NCRONTAB (six fields, seconds first): 21:30 UTC on weekdays, after the NYSE close in both EST and EDT.</summary>
    public string Schedule { get; set; } = "0 30 21 * * 1-5";

    /// <summary>New York dates recomputed per firing, today included (a day's figures change while late records arrive).</summary>
    public int LookbackDays { get; set; } = 7;

    /// <summary>Table of the daily metrics (partition <c>daily</c>, row key = the date).</summary>
    public string MetricsTable { get; set; } = "ledgermetrics";

    /// <summary>New York dates of ledger records the feedback engine learns from, today included.</summary>
    public int EvidenceDays { get; set; } = 60;

    /// <summary>Store new parameter versions as accepted (runs use them after the worker restarts) rather than proposed.</summary>
    public bool AutoAccept { get; set; } = true;

    /// <summary>Container of the parameter version blobs (<c>parameters/v000001.json</c>, ...).</summary>
    public string ParametersContainer { get; set; } = "sg-artifacts";
}
