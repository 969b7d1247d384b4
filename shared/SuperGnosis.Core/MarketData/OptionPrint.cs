namespace SuperGnosis.Core.MarketData;

/// <summary>One option print with its aggressor side (when the data source knows it). <see cref="Contracts"/> is a count of contracts.</summary>
public readonly record struct OptionPrint(DateTimeOffset Timestamp, DateOnly Expiry, double Strike, OptionRight Right, double Price, double Contracts, AggressorSide Side);
