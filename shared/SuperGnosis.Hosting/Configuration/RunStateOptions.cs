namespace SuperGnosis.Hosting.Configuration;

/// <summary>
/// <c>SuperGnosis:RunState</c>: where a distributed run keeps its state and its captured market data. <see cref="Kind"/>
/// is "memory" (in process) or a kind a host registered with <see cref="SuperGnosisBuilder.AddRunStateKind"/>.
/// </summary>
public sealed class RunStateOptions
{
    public const string MemoryKind = "memory";

    public string Kind { get; set; } = MemoryKind;
}
