#!/usr/bin/env bash
# Side-by-side run: the C# hedge engine (BenchmarkDotNet, one core) and the NumPy peer on the same chains,
# then the ratio and a cross-check of the features. Needs python3-numpy and python3-scipy (Debian).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-artifacts/hedge-peer}
mkdir -p "$out"
dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- export-hedge-chains "$out"
for n in 20000 200000; do
  taskset -c 0 /usr/bin/python3 benchmarks/peers/hedge_numpy.py "$out/hedge-chain-$n.csv" 7 > "$out/numpy-$n.json"
done
dotnet run -c Release --project benchmarks/SuperGnosis.Benchmarks -- --filter '*HedgeEngineBenchmarks*' --exporters csv --artifacts "$out/bdn" > "$out/bdn.log"
/usr/bin/python3 - "$out" <<'PY'
import csv, glob, json, sys
out = sys.argv[1]
report = glob.glob(f"{out}/bdn/results/*HedgeEngineBenchmarks-report.csv")[0]
def ms(text):
    value, unit = text.replace(",", "").split()
    return float(value) * {"ns": 1e-6, "us": 1e-3, "μs": 1e-3, "ms": 1.0, "s": 1e3}[unit]
rows = list(csv.DictReader(open(report)))
for n in (20000, 200000):
    peer = json.load(open(f"{out}/numpy-{n}.json"))
    engine = json.load(open(f"{out}/hedge-chain-{n}.engine.json"))["features"]
    for r in rows:
        if r["Contracts"].replace(",", "") == str(n):
            print(f"{n:>7} contracts  {r['Method']:<28} C# {ms(r['Mean']):8.2f} ms   NumPy {peer['median_ms']:8.2f} ms   NumPy/C# = {peer['median_ms'] / ms(r['Mean']):5.1f}x")
    worst = max(abs(peer["features"][k] - engine[k]) / max(1e-9, abs(engine[k])) for k in peer["features"] if peer["features"][k] is not None and k in engine)
    print(f"{n:>7} contracts  largest relative feature difference C# vs NumPy: {worst:.2e}")
PY
