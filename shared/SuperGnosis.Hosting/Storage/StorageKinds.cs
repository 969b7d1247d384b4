using SuperGnosis.Core.Ports;

namespace SuperGnosis.Hosting.Storage;

/// <summary>
/// A ledger implementation selectable by <c>SuperGnosis:Ledger:Kind</c> (case-insensitive). "jsonl" is built in;
/// a host adds others (Azure Tables) with <see cref="SuperGnosisBuilder.AddLedgerKind"/>.
/// </summary>
public sealed record LedgerKind(string Name, Func<IServiceProvider, ILedgerStore> Create);

/// <summary>
/// A run-state implementation selectable by <c>SuperGnosis:RunState:Kind</c>: the run state store and the market
/// capture store a distributed run shares. A host adds kinds with <see cref="SuperGnosisBuilder.AddRunStateKind"/>.
/// </summary>
public sealed record RunStateKind(string Name, Func<IServiceProvider, IRunStateStore> CreateRunState, Func<IServiceProvider, IMarketCaptureStore> CreateCapture);

/// <summary>
/// The ledger the configuration chose, or none (<c>Kind = none</c>). Resolve this rather than <see cref="ILedgerStore"/>
/// when "no ledger" is a valid answer; <see cref="ILedgerStore"/> itself resolves only when a ledger is configured.
/// </summary>
public sealed record LedgerSelection(ILedgerStore? Store, string Kind, string? Location);
