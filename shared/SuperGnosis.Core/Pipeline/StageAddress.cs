using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Pipeline;

/// <summary>Where a message goes: the stage kind, plus the engine or layer where a stage has several instances.</summary>
public enum StageRoute
{
    /// <summary>An engine stage (<see cref="StageAddress.Part"/> = engine kind name); receives <see cref="RunRequested"/>.</summary>
    Engine,
    /// <summary>The snapshot fan-in; receives <see cref="EngineOutputReady"/>.</summary>
    SnapshotFanIn,
    /// <summary>A primary agent (<see cref="StageAddress.Part"/> = layer); receives <see cref="SnapshotReady"/>.</summary>
    Agent,
    /// <summary>The composer fan-in; receives <see cref="SuggestionReady"/>.</summary>
    Composer,
    /// <summary>The trade stage; receives <see cref="CompositeReady"/>.</summary>
    Trade,
    /// <summary>The ledger writer; receives <see cref="TradeIdeasReady"/>.</summary>
    Ledger,
    /// <summary>Run outcomes (<see cref="RunCompleted"/>, <see cref="RunFailed"/>) for whoever listens; hosts may drop them.</summary>
    RunEvents,
}

/// <summary>
/// A logical destination. <see cref="QueueName"/> is its queue on every transport: lower-case letters, digits and
/// single hyphens, 3-63 characters (valid Azure Storage queue names), e.g. <c>sg-engine-hedge</c>,
/// <c>sg-agent-primary-hedge</c>, <c>sg-snapshot</c>.
/// </summary>
public sealed record StageAddress(StageRoute Route, string? Part = null)
{
    public const string QueuePrefix = "sg-";

    public static StageAddress Engine(EngineKind kind) => new(StageRoute.Engine, SnapshotBuilder.KindName(kind));

    public static StageAddress Agent(string layer) => new(StageRoute.Agent, layer);

    public static StageAddress SnapshotFanIn { get; } = new(StageRoute.SnapshotFanIn);

    public static StageAddress Composer { get; } = new(StageRoute.Composer);

    public static StageAddress Trade { get; } = new(StageRoute.Trade);

    public static StageAddress Ledger { get; } = new(StageRoute.Ledger);

    public static StageAddress RunEvents { get; } = new(StageRoute.RunEvents);

    public string QueueName => QueuePrefix + Route switch
    {
        StageRoute.Engine => "engine-" + Part,
        StageRoute.SnapshotFanIn => "snapshot",
        StageRoute.Agent => "agent-" + Part!.Replace('_', '-'),
        StageRoute.Composer => "composer",
        StageRoute.Trade => "trade",
        StageRoute.Ledger => "ledger",
        StageRoute.RunEvents => "run-events",
        _ => throw new InvalidOperationException($"unknown route {Route}"),
    };

    public override string ToString() => QueueName;
}

/// <summary>A message a stage handler asks its host to send.</summary>
public sealed record OutboundMessage(StageAddress To, PipelineMessage Message);

/// <summary>
/// One stage of the distributed run, transport-agnostic: takes a delivered message, reads and writes through
/// ports, returns the messages to send next. Idempotent under redelivery: a duplicate finds its result already
/// recorded and returns the same next messages again. Throws only for failures worth a retry (storage
/// unreachable); a failing engine or agent is recorded as a failed stage result, not thrown.
/// </summary>
public interface IStageHandler
{
    StageAddress Address { get; }

    Task<IReadOnlyList<OutboundMessage>> HandleAsync(PipelineMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Sends stage messages on a transport (Storage Queues, MassTransit, the in-process loop). Sending the same message
/// twice is allowed: every receiver is idempotent.
/// </summary>
public interface IPipelineMessageSender
{
    Task SendAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken);
}
