using System.Collections.Immutable;
using System.Text.Json;
using SuperGnosis.Core.MarketData;
using SuperGnosis.Core.Pipeline;
using SuperGnosis.Core.Tests.Agents.Trading;

namespace SuperGnosis.Core.Tests.Pipeline;

/// <summary>The binary capture format round-trips bit-exactly, is smaller than JSON and rejects every malformed input clearly.</summary>
public sealed class MarketCaptureBinaryTests
{
    private static readonly DateTimeOffset T = new DateTimeOffset(2026, 11, 24, 10, 30, 0, 123, TimeSpan.FromHours(-5)).AddTicks(4567);

    private static OptionChain Chain()
    {
        var chain = TestChains.Create(new TestChains.Settings { MissingIvRate = 0.1, DefectRate = 0.2 }, new Random(3));
        var special = ImmutableArray.Create(
            new OptionQuote(new DateOnly(2026, 12, 18), 6000, OptionRight.Put, 0.1 + 0.2, double.NaN, double.PositiveInfinity, 0, 1e-300,
                double.Epsilon, -0.0, double.NegativeInfinity, double.MaxValue, double.MinValue, Math.PI, -Math.E,
                "SPXW", ExerciseStyle.European, OptionSettlement.Pm),
            new OptionQuote(new DateOnly(2026, 12, 18), 6000, OptionRight.Call, 1, 2, 1.5, 3, 4, 0.2, 0.5, 0.01, 0.1, -0.05, 0, 0,
                "SPX", ExerciseStyle.European, OptionSettlement.Am),
            new OptionQuote(new DateOnly(2026, 12, 18), 6005, OptionRight.Call, 1, 2, 1.5, 3, 4, 0.2, 0.5, 0.01, 0.1, -0.05, 0, 0,
                "SPXW", ExerciseStyle.European, OptionSettlement.Pm));
        return chain with { Symbol = "SPX", Quotes = [.. chain.Quotes, .. special], AsOf = T };
    }

    private static IReadOnlyList<Bar> Bars() => [new(T, 0.1 + 0.2, 1.0000000000000002, 0.3, 1e-7, 123456789.123), new(T.ToUniversalTime().AddDays(1), double.NaN, -0.0, 0, 0, 0)];

    private static IReadOnlyList<Trade> Trades() =>
        [new(T, 450.01, 100, AggressorSide.Sell), new(T.AddTicks(1), 450.02, 0.5, AggressorSide.Unknown), new(T.AddTicks(2), double.NaN, -0.0, AggressorSide.Buy)];

    private static IReadOnlyList<Quote> Quotes() => [new(T, 449.99, 450.01, 300, double.NaN), new(T.ToOffset(TimeSpan.FromHours(5.5)), 1, 2, double.Epsilon, -0.0)];

    [Fact]
    public void An_option_chain_round_trips_bit_exactly_with_offsets_roots_and_special_values()
    {
        var chain = Chain();
        var back = MarketCaptureBinary.Decode<OptionChain>(MarketCaptureBinary.Encode(chain), "chain");

        Assert.Equal(chain.Symbol, back.Symbol);
        Assert.Equal(chain.AsOf, back.AsOf);
        Assert.Equal(chain.AsOf.Offset, back.AsOf.Offset);
        Assert.Equal(BitConverter.DoubleToInt64Bits(chain.UnderlyingPrice), BitConverter.DoubleToInt64Bits(back.UnderlyingPrice));
        Assert.Equal(chain.Quotes.Length, back.Quotes.Length);
        for (var i = 0; i < chain.Quotes.Length; i++)
        {
            Assert.Equal(chain.Quotes[i], back.Quotes[i]);
            Assert.Equal(Bits(chain.Quotes[i]), Bits(back.Quotes[i]));
        }
        // The same item as JSON: identical text, so either format gives every stage the same data.
        Assert.Equal(JsonSerializer.Serialize(chain, MarketCaptureJson.Default.OptionChain), JsonSerializer.Serialize(back, MarketCaptureJson.Default.OptionChain));
    }

    [Fact]
    public void Bars_trades_and_quotes_round_trip_bit_exactly_and_are_smaller_than_their_json()
    {
        AssertRoundTrip(Bars(), MarketCaptureJson.Default.IReadOnlyListBar);
        AssertRoundTrip(Trades(), MarketCaptureJson.Default.IReadOnlyListTrade);
        AssertRoundTrip(Quotes(), MarketCaptureJson.Default.IReadOnlyListQuote);
        AssertRoundTrip<Trade>([], MarketCaptureJson.Default.IReadOnlyListTrade);
        var chain = Chain();
        Assert.True(MarketCaptureBinary.Encode(chain).Length < JsonSerializer.SerializeToUtf8Bytes(chain, MarketCaptureJson.Default.OptionChain).Length / 2);
    }

    [Fact]
    public void Only_chains_bars_trades_and_quotes_have_a_binary_encoding()
    {
        Assert.True(MarketCaptureBinary.Supports<OptionChain>());
        Assert.True(MarketCaptureBinary.Supports<IReadOnlyList<Quote>>());
        Assert.False(MarketCaptureBinary.Supports<IReadOnlyList<NewsHeadline>>());
        Assert.False(MarketCaptureBinary.Supports<double?>());
        Assert.Throws<NotSupportedException>(() => MarketCaptureBinary.Encode<IReadOnlyList<NewsHeadline>>([]));
        Assert.Throws<NotSupportedException>(() => MarketCaptureBinary.Decode<IReadOnlyList<NewsHeadline>>(MarketCaptureBinary.Encode(Quotes()), "news"));
    }

    [Fact]
    public void Every_truncation_of_a_valid_item_is_an_invalid_data_error_naming_the_item()
    {
        var bytes = MarketCaptureBinary.Encode(Chain() with { Quotes = [.. Chain().Quotes.TakeLast(3)] });
        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<InvalidDataException>(() => MarketCaptureBinary.Decode<OptionChain>(bytes.AsSpan(0, length), "SPX|1/chain.sgcb"));
            Assert.Contains("SPX|1/chain.sgcb", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Wrong_magic_version_kind_trailing_bytes_counts_and_enum_values_are_refused_with_the_reason()
    {
        var quotes = MarketCaptureBinary.Encode(Quotes());
        Assert.Contains("magic", Decode<Quote>(Changed(quotes, 0, (byte)'X')), StringComparison.Ordinal);
        Assert.Contains("format version 9", Decode<Quote>(Changed(quotes, 4, 9)), StringComparison.Ordinal);
        Assert.Contains("item kind 4", Assert.Throws<InvalidDataException>(() => MarketCaptureBinary.Decode<IReadOnlyList<Trade>>(quotes, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("1 trailing bytes", Decode<Quote>([.. quotes, 0]), StringComparison.Ordinal);
        Assert.Contains("count -1", Decode<Quote>(Changed(quotes, 6, 0xFF, 0xFF, 0xFF, 0xFF)), StringComparison.Ordinal);
        Assert.Contains("count 16777216", Decode<Quote>(Changed(quotes, 6, 0, 0, 0, 1)), StringComparison.Ordinal);

        var trades = MarketCaptureBinary.Encode<IReadOnlyList<Trade>>([new(T, 1, 1, AggressorSide.Buy)]);
        var side = Assert.Throws<InvalidDataException>(() => MarketCaptureBinary.Decode<IReadOnlyList<Trade>>(Changed(trades, trades.Length - 1, 7), "t"));
        Assert.Contains("aggressor side 7", side.Message, StringComparison.Ordinal);
        var offset = Assert.Throws<InvalidDataException>(() => MarketCaptureBinary.Decode<IReadOnlyList<Trade>>(Changed(trades, 10 + 8, 0xFF, 0x7F), "t"));
        Assert.Contains("out of range", offset.Message, StringComparison.Ordinal);

        var chain = MarketCaptureBinary.Encode(new OptionChain("SPY", T, 450, [new OptionQuote(new DateOnly(2026, 12, 18), 450, OptionRight.Put, 1, 2, 1.5, 3, 4, 0.2, 0.5, 0.01, 0.1, -0.05, 0, 0)]));
        var right = chain.Length - (1 + 1 + 4 + 12 * 8 + 1);
        Assert.Contains("option right 2", Assert.Throws<InvalidDataException>(() => MarketCaptureBinary.Decode<OptionChain>(Changed(chain, right, 2), "c")).Message, StringComparison.Ordinal);
        Assert.Contains("root index 5", Assert.Throws<InvalidDataException>(() => MarketCaptureBinary.Decode<OptionChain>(Changed(chain, chain.Length - 6, 5, 0, 0, 0), "c")).Message, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", Assert.Throws<InvalidDataException>(() => MarketCaptureBinary.Decode<OptionChain>(Changed(chain, 7, 0xFF), "c")).Message, StringComparison.Ordinal);
    }

    private static string Decode<T>(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => MarketCaptureBinary.Decode<IReadOnlyList<T>>(bytes, "item")).Message;

    private static byte[] Changed(byte[] bytes, int at, params byte[] values)
    {
        var copy = (byte[])bytes.Clone();
        values.CopyTo(copy, at);
        return copy;
    }

    private static void AssertRoundTrip<T>(IReadOnlyList<T> items, System.Text.Json.Serialization.Metadata.JsonTypeInfo<IReadOnlyList<T>> json)
    {
        var back = MarketCaptureBinary.Decode<IReadOnlyList<T>>(MarketCaptureBinary.Encode(items), "item");
        Assert.Equal(JsonSerializer.Serialize(items, json), JsonSerializer.Serialize(back, json)); // bit-exact: doubles shortest round-trip, offsets kept
        Assert.Equal(items.Count, back.Count);
    }

    private static long[] Bits(OptionQuote q) =>
        [.. new[] { q.Strike, q.Bid, q.Ask, q.Mid, q.Volume, q.OpenInterest, q.ImpliedVol, q.Delta, q.Gamma, q.Vega, q.Theta, q.Vanna, q.Charm }
            .Select(BitConverter.DoubleToInt64Bits)];
}
