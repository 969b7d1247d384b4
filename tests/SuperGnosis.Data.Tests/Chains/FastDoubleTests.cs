using System.Globalization;
using SuperGnosis.Data.Chains;

namespace SuperGnosis.Data.Tests.Chains;

/// <summary>The fast number path gives the runtime's double bit for bit, or leaves the text to it.</summary>
public sealed class FastDoubleTests
{
    private static void Same(string text)
    {
        var runtime = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected);
        if (FastDouble.TryParse(text.AsSpan(), out var fast))
        {
            Assert.True(runtime, $"fast path accepted '{text}', the runtime does not");
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(fast), $"'{text}': runtime {expected:R}, fast {fast:R}");
        }
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        if (FastDouble.TryParse<byte>(bytes, out var fromBytes))
        {
            Assert.True(runtime, $"fast path (UTF-8) accepted '{text}', the runtime does not");
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(fromBytes));
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+0.000")]
    [InlineData("1")]
    [InlineData("-12.5")]
    [InlineData("9007199254740993")]
    [InlineData("9007199254740992.5")]
    [InlineData("18446744073709551615")]
    [InlineData("1e23")]
    [InlineData("8.98846567431158e307")]
    [InlineData("1.7976931348623157E+308")]
    [InlineData("1.7976931348623159E+308")]
    [InlineData("2.2250738585072014E-308")]
    [InlineData("4.9406564584124654E-324")]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("--1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0x10")]
    [InlineData("1E-05")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("0.000000000000000000000000000000000000001")]
    [InlineData("1e-400")]
    [InlineData("7.2057594037927933e16")]
    [InlineData("9.5e-5")]
    public void Edge_cases_match_the_runtime(string text) => Same(text);

    [Fact]
    public void A_million_generated_numbers_match_the_runtime_bit_for_bit()
    {
        var rng = new Random(20241105);
        for (var i = 0; i < 1_000_000; i++)
        {
            string text;
            switch (i % 5)
            {
                case 0:
                    text = BitConverter.Int64BitsToDouble(rng.NextInt64()).ToString("R", CultureInfo.InvariantCulture);
                    break;
                case 1:
                    text = ((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-30, 30))).ToString("R", CultureInfo.InvariantCulture);
                    break;
                case 2:
                    text = ((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-30, 30))).ToString("G17", CultureInfo.InvariantCulture);
                    break;
                case 3:
                    {
                        // Random digit strings (up to 20 digits) with a random point and exponent: halfway and near-halfway cases.
                        var digits = rng.Next(1, 21);
                        var chars = new char[digits];
                        for (var d = 0; d < digits; d++)
                        {
                            chars[d] = (char)('0' + rng.Next(10));
                        }
                        var s = new string(chars);
                        var point = rng.Next(0, digits);
                        text = (point > 0 ? s[..point] + "." + s[point..] : s) + (rng.Next(2) == 0 ? string.Empty : "e" + rng.Next(-120, 120).ToString(CultureInfo.InvariantCulture));
                        if (text.EndsWith('.'))
                        {
                            text += "0";
                        }
                        break;
                    }
                default:
                    {
                        // Exactly representable halfway points between neighbouring doubles, written out in decimal.
                        var m = (rng.NextInt64(1L << 52, 1L << 53) * 2) + 1; // odd: halfway at 2^-1
                        var e = rng.Next(-10, 12);
                        text = ((decimal)m * (decimal)Math.Pow(2, e - 1)).ToString(CultureInfo.InvariantCulture);
                        break;
                    }
            }
            Same(text);
        }
    }
}
