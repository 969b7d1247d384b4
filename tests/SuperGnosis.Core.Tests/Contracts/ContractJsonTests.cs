using System.Text.Json;
using SuperGnosis.Core.Contracts;

namespace SuperGnosis.Core.Tests.Contracts;

public class ContractJsonTests
{
    private static string[] TopLevelNames<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(value, info));
        return [.. doc.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    private static string[] Sorted(params string[] names) => [.. names.Order(StringComparer.Ordinal)];

    [Fact]
    public void Field_names_are_exactly_the_seed_schema()
    {
        var json = ContractJson.Compact;
        Assert.Equal(Sorted("kind", "symbol", "timestamp", "features", "confidence", "regime", "metadata"),
            TopLevelNames(ContractSamples.Engine(), json.EngineOutput));
        Assert.Equal(Sorted("symbol", "timestamp", "hedge", "liquidity", "sentiment", "elasticity", "regime", "metadata"),
            TopLevelNames(ContractSamples.Snapshot(), json.StandardSnapshot));
        Assert.Equal(Sorted("id", "layer", "symbol", "action", "confidence", "forecast", "reasoning", "tags"),
            TopLevelNames(ContractSamples.Suggestion(), json.Suggestion));
        Assert.Equal(Sorted("instrument_type", "direction", "qty", "strike", "expiry"),
            TopLevelNames(ContractSamples.CallLeg(LegDirection.Buy, 600), json.TradeLeg));
        Assert.Equal(Sorted("id", "symbol", "strategy_type", "side", "legs", "cost_per_unit", "max_loss", "max_profit",
                "breakeven_levels", "target_exit_price", "stop_loss_price", "recommended_units", "confidence", "rationale", "tags"),
            TopLevelNames(ContractSamples.Idea(), json.TradeIdea));
        Assert.Equal(Sorted("timestamp", "symbol", "snapshot", "primary_suggestions", "composite_suggestion", "trade_ideas", "realized_pnl"),
            TopLevelNames(ContractSamples.Record(), json.LedgerRecord));
    }

    [Fact]
    public void Literals_are_the_seed_spellings()
    {
        var leg = JsonSerializer.Serialize(new TradeLeg(InstrumentType.Stock, LegDirection.Sell, 100, null, null), ContractJson.Compact.TradeLeg);
        Assert.Equal("""{"instrument_type":"STOCK","direction":"sell","qty":100,"strike":null,"expiry":null}""", leg);
        var call = JsonSerializer.Serialize(ContractSamples.CallLeg(LegDirection.Buy, 600.5), ContractJson.Compact.TradeLeg);
        Assert.Equal("""{"instrument_type":"C","direction":"buy","qty":1,"strike":600.5,"expiry":"2026-12-18"}""", call);
        Assert.Contains("\"kind\":\"elasticity\"", JsonSerializer.Serialize(ContractSamples.Engine(EngineKind.Elasticity), ContractJson.Compact.EngineOutput), StringComparison.Ordinal);
        Assert.Contains("\"side\":\"long\"", JsonSerializer.Serialize(ContractSamples.Idea(), ContractJson.Compact.TradeIdea), StringComparison.Ordinal);
        Assert.Contains("\"action\":\"long\"", JsonSerializer.Serialize(ContractSamples.Suggestion(), ContractJson.Compact.Suggestion), StringComparison.Ordinal);
    }

    [Fact]
    public void Ledger_record_round_trips_byte_for_byte()
    {
        var record = ContractSamples.Record();
        var json = ContractJson.Serialize(record);
        var back = ContractJson.DeserializeLedgerRecord(json);
        Assert.Equal(json, ContractJson.Serialize(back));
        Assert.Equal(604.2, back.TradeIdeas[0].BreakevenLevels[0]);
        Assert.Equal(new DateOnly(2026, 12, 18), back.TradeIdeas[0].Legs[1].Expiry);
        Assert.Equal(LegDirection.Sell, back.TradeIdeas[0].Legs[1].Direction);
        Assert.Equal("run-1", back.RunId);
        Assert.Null(back.RealizedPnl);
    }

    [Fact]
    public void Reads_a_record_written_by_the_python_seed()
    {
        const string python = """
            {"timestamp":"2026-11-24T15:30:00Z","symbol":"SPY",
             "snapshot":{"symbol":"SPY","timestamp":"2026-11-24T15:30:00Z","hedge":{"gamma_pressure":1.0},
               "liquidity":{},"sentiment":{},"elasticity":{},"regime":null,"metadata":{}},
             "primary_suggestions":[],
             "composite_suggestion":{"id":"c1","layer":"composer","symbol":"SPY","action":"flat","confidence":0.1,
               "forecast":{},"reasoning":"","tags":[]},
             "trade_ideas":[],"realized_pnl":12.5}
            """;
        var record = ContractJson.DeserializeLedgerRecord(python);
        Assert.Equal(SuggestionAction.Flat, record.CompositeSuggestion!.Action);
        Assert.Equal(12.5, record.RealizedPnl);
        Assert.Equal(1.0, record.Snapshot.Hedge["gamma_pressure"]);
    }

    [Fact]
    public void Invalid_values_in_json_fail_with_the_field_name()
    {
        const string json = """{"kind":"hedge","symbol":"SPY","timestamp":"2026-11-24T15:30:00Z","features":{},"confidence":1.5,"regime":null,"metadata":{}}""";
        var ex = Assert.Throws<ArgumentException>(() => JsonSerializer.Deserialize(json, ContractJson.Compact.EngineOutput));
        Assert.Equal("confidence", ex.ParamName);
        const string badKind = """{"kind":"gamma","symbol":"SPY","timestamp":"2026-11-24T15:30:00Z","features":{},"confidence":0.5,"regime":null,"metadata":{}}""";
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(badKind, ContractJson.Compact.EngineOutput));
    }
}
