namespace SuperGnosis.Core.Engines.Liquidity;

/// <summary>A price level found in the volume profile (bucket centre, USD) with its score in [0, 1].</summary>
public readonly record struct ProfileNode(double Price, double Volume, double Strength);

/// <summary>
/// Volume by price bucket: bucket i covers <c>[(Origin + i) * Width, (Origin + i + 1) * Width)</c>. Levels are bucket centres.
/// Built by <see cref="VolumeProfileBuilder"/>; analysed (value area, nodes, scores) by <see cref="Analyze"/>.
/// </summary>
public sealed class VolumeProfile
{
    internal VolumeProfile(double width, long origin, double[] volumes)
    {
        Width = width;
        Origin = origin;
        Volumes = volumes;
    }

    public double Width { get; }

    public long Origin { get; }

    /// <summary>Volume per bucket from the lowest to the highest traded bucket (shares).</summary>
    public IReadOnlyList<double> Volumes { get; }

    public double TotalVolume { get; private set; }

    public double PocPrice { get; private set; }

    public double ValueAreaLow { get; private set; }

    public double ValueAreaHigh { get; private set; }

    /// <summary>High-volume nodes ("magnets"), ascending price.</summary>
    public IReadOnlyList<ProfileNode> HighVolumeNodes { get; private set; } = [];

    /// <summary>Low-volume nodes ("voids"), ascending price.</summary>
    public IReadOnlyList<ProfileNode> LowVolumeNodes { get; private set; } = [];

    public double BucketCentre(int i) => (Origin + i + 0.5) * Width;

    /// <summary>
    /// Point of control (first bucket of maximum volume), value area (expand from the POC one bucket at a time toward
    /// the larger neighbour, ties upward, until <paramref name="valueAreaShare"/> of the volume is covered) and nodes on
    /// the 3-bucket centred moving average <c>s</c> (placed on the raw extreme of the three buckets): a high-volume node
    /// is a local maximum of <c>s</c> with
    /// <c>s &gt;= hvnMultiple * mean</c> (strength <c>s / max s</c>), a low-volume node an interior local minimum with
    /// <c>s &lt;= lvnMultiple * mean</c> (strength <c>1 - s / mean</c>); mean = total / bucket count over the traded range.
    /// </summary>
    internal void Analyze(double valueAreaShare, double hvnMultiple, double lvnMultiple)
    {
        var v = (double[])Volumes;
        var n = v.Length;
        var total = 0.0;
        var poc = 0;
        for (var i = 0; i < n; i++)
        {
            total += v[i];
            if (v[i] > v[poc])
            {
                poc = i;
            }
        }
        TotalVolume = total;
        PocPrice = BucketCentre(poc);

        int lo = poc, hi = poc;
        var covered = v[poc];
        while (covered < valueAreaShare * total && (lo > 0 || hi < n - 1))
        {
            var below = lo > 0 ? v[lo - 1] : -1;
            var above = hi < n - 1 ? v[hi + 1] : -1;
            if (above >= below)
            {
                covered += v[++hi];
            }
            else
            {
                covered += v[--lo];
            }
        }
        ValueAreaLow = (Origin + lo) * Width;
        ValueAreaHigh = (Origin + hi + 1) * Width;

        // s_i = (v_(i-1) + v_i + v_(i+1)) / 3 with zero volume outside the traded range.
        var smooth = new double[n];
        var maxSmooth = 0.0;
        for (var i = 0; i < n; i++)
        {
            smooth[i] = ((i > 0 ? v[i - 1] : 0) + v[i] + (i < n - 1 ? v[i + 1] : 0)) / 3;
            maxSmooth = Math.Max(maxSmooth, smooth[i]);
        }
        var mean = total / n;
        var hvn = new List<ProfileNode>();
        var lvn = new List<ProfileNode>();
        for (var i = 0; i < n; i++)
        {
            var left = i > 0 ? smooth[i - 1] : 0;
            var right = i < n - 1 ? smooth[i + 1] : 0;
            // A plateau reports its first (lowest-price) bucket once.
            if (smooth[i] > left && smooth[i] >= right && smooth[i] >= hvnMultiple * mean)
            {
                var at = ExtremeNeighbour(v, i, highest: true);
                hvn.Add(new ProfileNode(BucketCentre(at), v[at], maxSmooth > 0 ? smooth[i] / maxSmooth : 0));
            }
            if (i > 0 && i < n - 1 && smooth[i] < left && smooth[i] <= right && smooth[i] <= lvnMultiple * mean)
            {
                var at = ExtremeNeighbour(v, i, highest: false);
                lvn.Add(new ProfileNode(BucketCentre(at), v[at], Math.Clamp(1 - smooth[i] / mean, 0, 1)));
            }
        }
        HighVolumeNodes = hvn;
        LowVolumeNodes = lvn;
    }

    /// <summary>
    /// The smoothed peak (trough) at <paramref name="i"/> is placed on the bucket of largest (smallest) raw volume among
    /// <c>i - 1, i, i + 1</c> (first on ties), so a one-bucket spike is reported at its own price.
    /// </summary>
    private static int ExtremeNeighbour(double[] v, int i, bool highest)
    {
        var best = Math.Max(0, i - 1);
        for (var j = best + 1; j <= Math.Min(v.Length - 1, i + 1); j++)
        {
            if (highest ? v[j] > v[best] : v[j] < v[best])
            {
                best = j;
            }
        }
        return best;
    }

    /// <summary>Nearest node strictly above (or below) <paramref name="spot"/>, if any.</summary>
    public static ProfileNode? Nearest(IReadOnlyList<ProfileNode> nodes, double spot, bool above)
    {
        ProfileNode? best = null;
        foreach (var node in nodes)
        {
            if (above ? node.Price > spot : node.Price < spot)
            {
                if (best is null || Math.Abs(node.Price - spot) < Math.Abs(best.Value.Price - spot))
                {
                    best = node;
                }
            }
        }
        return best;
    }

    /// <summary><c>max over nodes of strength * exp(-|price - spot| / (proximity * spot))</c>, in [0, 1]; 0 without nodes.</summary>
    public static double ProximityScore(IReadOnlyList<ProfileNode> nodes, double spot, double proximity)
    {
        var score = 0.0;
        foreach (var node in nodes)
        {
            score = Math.Max(score, node.Strength * Math.Exp(-Math.Abs(node.Price - spot) / (proximity * spot)));
        }
        return Math.Clamp(score, 0, 1);
    }
}

/// <summary>Accumulates volume into fixed-width price buckets; grows its range as prices arrive (amortized O(1)).</summary>
internal sealed class VolumeProfileBuilder
{
    private readonly double _width;
    private double[] _buckets = new double[1024];
    private long _origin;
    private long _minIndex = long.MaxValue;
    private long _maxIndex = long.MinValue;

    public VolumeProfileBuilder(double width) => _width = width;

    public void Add(double price, double volume)
    {
        var index = (long)Math.Floor(price / _width);
        if (_minIndex == long.MaxValue)
        {
            _origin = index - _buckets.Length / 2;
        }
        var slot = index - _origin;
        if (slot < 0 || slot >= _buckets.Length)
        {
            Grow(index);
            slot = index - _origin;
        }
        _buckets[slot] += volume;
        if (index < _minIndex)
        {
            _minIndex = index;
        }
        if (index > _maxIndex)
        {
            _maxIndex = index;
        }
    }

    private void Grow(long index)
    {
        var lo = Math.Min(index, _minIndex);
        var hi = Math.Max(index, _maxIndex);
        var span = hi - lo + 1;
        if (span > 10_000_000)
        {
            throw new ArgumentException("trade prices span more than 10 million profile buckets; check the data or the bucket width");
        }
        var size = (int)Math.Max(_buckets.Length * 2L, span * 2);
        var grown = new double[size];
        var newOrigin = lo - (size - span) / 2;
        Array.Copy(_buckets, _minIndex - _origin, grown, _minIndex - newOrigin, _maxIndex - _minIndex + 1);
        _buckets = grown;
        _origin = newOrigin;
    }

    public VolumeProfile? Build()
    {
        if (_minIndex == long.MaxValue)
        {
            return null;
        }
        var volumes = new double[_maxIndex - _minIndex + 1];
        Array.Copy(_buckets, _minIndex - _origin, volumes, 0, volumes.Length);
        return new VolumeProfile(_width, _minIndex, volumes);
    }
}
