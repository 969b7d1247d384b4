using System.Collections.Immutable;

namespace SuperGnosis.Data.Files;

/// <summary>Rows of one file left out, counted by reason (a snake_case slug such as <c>bad_price</c>).</summary>
internal sealed class RowSkips
{
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string reason) => _counts[reason] = _counts.GetValueOrDefault(reason) + 1;

    public ImmutableSortedDictionary<string, int> ToImmutable() => _counts.ToImmutableSortedDictionary(StringComparer.Ordinal);
}
