namespace SuperGnosis.Data.Files;

/// <summary>What a reader of the files source kept from one file, and the rows it skipped by reason.</summary>
internal sealed record FileRows<T>(IReadOnlyList<T> Items, RowSkips Skips);
