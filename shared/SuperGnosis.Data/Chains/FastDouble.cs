using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SuperGnosis.Data.Chains;

/// <summary>
/// A fast path in front of <see cref="double.TryParse(ReadOnlySpan{char}, System.Globalization.NumberStyles, IFormatProvider?, out double)"/>
/// for the plain decimals of chain files (<c>-12.5</c>, <c>0.0123456789012345</c>, <c>1.5E-05</c>): the runtime's parser
/// takes ~100-200 ns for a 17-digit round-trip number, this one ~10 ns. It answers only when it is sure of the
/// correctly rounded result, which is what the runtime returns (IEEE round-to-nearest-even):
/// <list type="bullet">
/// <item>the text is <c>[+-]digits[.digits][(e|E)[+-]digits]</c> in ASCII with at least one digit before and after the point
/// and at most 19 significant digits (anything else: not decided);</item>
/// <item>Clinger's exact case (mantissa &lt;= 2^53, |power of ten| &lt;= 22: one correctly rounded IEEE multiplication or
/// division of two exact values), else the Eisel-Lemire algorithm (Lemire, "Number parsing at a gigabyte per second",
/// 2021, as in the fast_float library) with 128-bit powers of five for powers of ten in [-100, 100]; subnormal and
/// overflowing results, and the algorithm's rare undecided case, are not decided.</item>
/// </list>
/// Callers fall back to the runtime's parser when this returns false, so the result is always the runtime's.
/// The test suite compares both bit for bit on a million generated numbers.
/// </summary>
internal static class FastDouble
{
    private const int MinPower = -100;
    private const int MaxPower = 100;

    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>True with the correctly rounded value when the text is a plain decimal this path can decide; false = use the runtime's parser.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse<T>(ReadOnlySpan<T> s, out double value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        var n = s.Length;
        if (n == 0)
        {
            return false;
        }
        var i = 0;
        var negative = false;
        var c = uint.CreateTruncating(s[0]);
        if (c is '-' or '+')
        {
            negative = c == '-';
            i = 1;
        }
        // Digits: leading zeros skipped, then at most 19 significant digits accumulated without a per-digit test of the
        // count (more digits: not decided here).
        var start = i;
        while (i < n && uint.CreateTruncating(s[i]) == '0')
        {
            i++;
        }
        ulong w = 0;
        var first = i;
        uint d;
        while (i + 8 <= n && TryEightDigits(s.Slice(i, 8), out var eight))
        {
            w = (w * 100_000_000) + eight;
            i += 8;
        }
        while (i < n && (d = uint.CreateTruncating(s[i]) - '0') <= 9)
        {
            w = (w * 10) + d;
            i++;
        }
        var significant = i - first;
        if (i == start)
        {
            return false;
        }
        var exp10 = 0;
        if (i < n && uint.CreateTruncating(s[i]) == '.')
        {
            i++;
            var fractionStart = i;
            if (w == 0)
            {
                // 0.000123: zeros after the point are not significant either.
                while (i < n && uint.CreateTruncating(s[i]) == '0')
                {
                    i++;
                }
            }
            var digitsStart = i;
            while (i + 8 <= n && TryEightDigits(s.Slice(i, 8), out var eight))
            {
                w = (w * 100_000_000) + eight;
                i += 8;
            }
            while (i < n && (d = uint.CreateTruncating(s[i]) - '0') <= 9)
            {
                w = (w * 10) + d;
                i++;
            }
            significant += i - digitsStart;
            exp10 = -(i - fractionStart);
            if (i == fractionStart)
            {
                return false;
            }
        }
        if (significant > 19)
        {
            return false;
        }
        if (i < n && (uint.CreateTruncating(s[i]) | 0x20) == 'e')
        {
            i++;
            var exponentNegative = false;
            if (i < n && uint.CreateTruncating(s[i]) is '-' or '+')
            {
                exponentNegative = uint.CreateTruncating(s[i]) == '-';
                i++;
            }
            var exponentStart = i;
            var e = 0;
            for (; i < n; i++)
            {
                var digit = uint.CreateTruncating(s[i]) - '0';
                if (digit > 9)
                {
                    break;
                }
                if (e < 100_000)
                {
                    e = (e * 10) + (int)digit;
                }
            }
            if (i == exponentStart)
            {
                return false;
            }
            exp10 += exponentNegative ? -e : e;
        }
        if (i != n)
        {
            return false;
        }
        if (w == 0)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }
        if (w <= (1UL << 53) && exp10 is >= -22 and <= 22)
        {
            double m = w;
            m = exp10 < 0 ? m / ExactPowersOfTen[-exp10] : m * ExactPowersOfTen[exp10];
            value = negative ? -m : m;
            return true;
        }
        if (exp10 is < MinPower or > MaxPower)
        {
            return false;
        }
        return EiselLemire(w, exp10, negative, out value);
    }

    /// <summary>Eight ASCII digits at once (SWAR, as in fast_float): their value, or false when one is not a digit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryEightDigits<T>(ReadOnlySpan<T> s, out uint value)
        where T : unmanaged, IBinaryInteger<T>
    {
        ulong bytes;
        if (typeof(T) == typeof(byte))
        {
            var raw = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(s));
            if ((((raw & 0xF0F0F0F0F0F0F0F0) | (((raw + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) != 0x3333333333333333) || !BitConverter.IsLittleEndian)
            {
                value = 0;
                return false;
            }
            bytes = raw - 0x3030303030303030;
        }
        else if (typeof(T) == typeof(char) && BitConverter.IsLittleEndian)
        {
            var chars = Vector128.Create(MemoryMarshal.Cast<T, ushort>(s));
            var digits = chars - Vector128.Create((ushort)'0');
            if (Vector128.GreaterThanAny(digits, Vector128.Create((ushort)9)))
            {
                value = 0;
                return false;
            }
            bytes = Vector128.Narrow(digits, digits).AsUInt64().ToScalar();
        }
        else
        {
            value = 0;
            return false;
        }
        bytes = (bytes * 10) + (bytes >> 8);
        value = (uint)((((bytes & 0x000000FF000000FF) * (100 + (1000000UL << 32))) + (((bytes >> 16) & 0x000000FF000000FF) * (1 + (10000UL << 32)))) >> 32);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool EiselLemire(ulong w, int q, bool negative, out double value)
    {
        value = 0;
        var lz = BitOperations.LeadingZeroCount(w);
        w <<= lz;
        var index = 2 * (q - MinPower);
        var powers = Powers.Table;
        var hi = Math.BigMul(w, powers[index], out var lo);
        if ((hi & 0x1FF) == 0x1FF)
        {
            var hi2 = Math.BigMul(w, powers[index + 1], out _);
            lo += hi2;
            if (hi2 > lo)
            {
                hi++;
            }
            if (lo == ulong.MaxValue && q is < -27 or > 55)
            {
                return false; // the truncated power of five may be too coarse: let the runtime decide
            }
        }
        var upperBit = (int)(hi >> 63);
        var shift = upperBit + 64 - 52 - 3;
        var mantissa = hi >> shift;
        var power2 = ((((152170 + 65536) * q) >> 16) + 63) + upperBit - lz + 1023;
        if (power2 <= 0)
        {
            return false; // subnormal
        }
        if (lo <= 1 && q is >= -4 and <= 23 && (mantissa & 3) == 1 && (mantissa << shift) == hi)
        {
            mantissa &= ~1UL; // exactly halfway: round to even
        }
        mantissa += mantissa & 1;
        mantissa >>= 1;
        if (mantissa >= (2UL << 52))
        {
            mantissa = 1UL << 52;
            power2++;
        }
        mantissa &= ~(1UL << 52);
        if (power2 >= 0x7FF)
        {
            return false; // overflow
        }
        var bits = mantissa | ((ulong)power2 << 52) | (negative ? 1UL << 63 : 0);
        value = BitConverter.UInt64BitsToDouble(bits);
        return true;
    }

    /// <summary>128-bit normalised powers of five 5^q, q in [MinPower, MaxPower] (high word, low word), as fast_float builds them:
    /// truncated for q &gt;= 0, the reciprocal rounded up for q &lt; 0.</summary>
    private static class Powers
    {
        public static readonly ulong[] Table = Build();

        private static ulong[] Build()
        {
            var table = new ulong[2 * (MaxPower - MinPower + 1)];
            var two128 = BigInteger.One << 128;
            for (var q = MinPower; q <= MaxPower; q++)
            {
                BigInteger c;
                if (q >= 0)
                {
                    c = BigInteger.Pow(5, q);
                    while (c < (BigInteger.One << 127))
                    {
                        c <<= 1;
                    }
                    while (c >= two128)
                    {
                        c >>= 1;
                    }
                }
                else
                {
                    var power5 = BigInteger.Pow(5, -q);
                    var z = 0;
                    while ((BigInteger.One << z) < power5)
                    {
                        z++;
                    }
                    var b = q >= -27 ? z + 127 : (2 * z) + 128;
                    c = (BigInteger.One << b) / power5 + 1;
                    while (c >= two128)
                    {
                        c >>= 1;
                    }
                }
                var index = 2 * (q - MinPower);
                table[index] = (ulong)(c >> 64);
                table[index + 1] = (ulong)(c & ulong.MaxValue);
            }
            return table;
        }
    }
}
