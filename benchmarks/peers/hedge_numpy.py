#!/usr/bin/env python3
"""Straightforward NumPy implementation of the hedge engine's features, for a side-by-side speed check.

Same inputs and definitions as shared/SuperGnosis.Core/Engines/Hedge (recompute mode: Greeks from each
row's IV): hygiene, Black-Scholes-Merton gamma/vanna/charm, dealer-signed exposures (dealers long calls,
short puts), exposure by strike and expiry, walls, near-spot share, expiry splits, ATM IV, and the
zero-gamma level by the same 41-point scan over spot +-20%, the nearest sign-changing bracket below and
above spot refined by bisection to 1e-7 relative.
Only the computation is timed (the CSV is parsed once, as the C# benchmark receives a parsed chain).

Usage: python3 hedge_numpy.py <chain.csv> [repeats]   (python3-numpy and python3-scipy from Debian)
"""
import csv
import json
import sys
import time
from datetime import date, datetime, time as dtime
from zoneinfo import ZoneInfo

import numpy as np
from scipy.special import ndtr

AS_OF = datetime(2026, 11, 24, 15, 30, tzinfo=ZoneInfo("UTC"))
RATE, DIV, MULT = 0.04, 0.01, 100.0
NY = ZoneInfo("America/New_York")
INV_SQRT_2PI = 0.398942280401432677939946059934


def third_friday(y, m):
    d = date(y, m, 1)
    return date(y, m, 1 + (4 - d.weekday()) % 7 + 14)


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    num = lambda k: np.array([float(r[k]) if r[k] not in ("", "NaN") else np.nan for r in rows])
    expiry = np.array([date.fromisoformat(r["expiry"]).toordinal() for r in rows])
    return {
        "spot": float(rows[0]["underlying_price"]),
        "expiry": expiry,
        "strike": num("strike"),
        "is_call": np.array([r["type"] == "C" for r in rows]),
        "bid": num("bid"), "ask": num("ask"), "oi": num("open_interest"), "iv": num("iv"),
    }


# NYSE early closes (13:00 New York) within the benchmark chains' horizon, as published by the exchange; typed
# here, not read from the C# calendar, so the cross-check stays independent.
EARLY_CLOSES = {date(2026, 11, 27), date(2026, 12, 24), date(2027, 11, 26)}


def settlement_time(d):
    return dtime(13) if d in EARLY_CLOSES else dtime(16)


def years_to(expiry_ordinals):
    """ACT/365 from AS_OF to the New York close (16:00, 13:00 on an early close) of each expiry (once per distinct expiry)."""
    uniq, inverse = np.unique(expiry_ordinals, return_inverse=True)
    days = [date.fromordinal(int(o)) for o in uniq]
    t = np.array([(datetime.combine(d, settlement_time(d), NY) - AS_OF).total_seconds() / (365 * 86400.0) for d in days])
    return t[inverse], uniq, inverse


def compute(c):
    s = c["spot"]
    t, _, _ = years_to(c["expiry"])
    ok = np.isfinite(c["strike"]) & np.isfinite(c["oi"]) & (c["strike"] > 0) & (c["oi"] >= 0) & ~(c["bid"] > c["ask"]) & (t > 0)
    idx = np.nonzero(ok)[0]
    # Duplicates of (expiry, strike, right): keep the largest open interest.
    order = np.lexsort((-c["oi"][idx], c["is_call"][idx], c["strike"][idx], c["expiry"][idx]))
    idx = idx[order]
    key = np.stack([c["expiry"][idx], c["strike"][idx], c["is_call"][idx]], axis=1)
    first = np.ones(len(idx), dtype=bool)
    first[1:] = np.any(key[1:] != key[:-1], axis=1)
    idx = idx[first & (c["iv"][idx] > 0)]

    k, oi, iv, call = c["strike"][idx], c["oi"][idx], c["iv"][idx], c["is_call"][idx]
    t, exp_uniq, exp_inv = years_to(c["expiry"][idx])
    sign = np.where(call, 1.0, -1.0)
    sd = iv * np.sqrt(t)
    d1 = (np.log(s / k) + (RATE - DIV + 0.5 * iv * iv) * t) / sd
    d2 = d1 - sd
    dfq = np.exp(-DIV * t)
    pdf = INV_SQRT_2PI * np.exp(-0.5 * d1 * d1)
    gamma = dfq * pdf / (s * sd)
    vanna = -dfq * pdf * d2 / iv
    n_d1 = np.where(call, ndtr(d1), -ndtr(-d1))
    charm = DIV * dfq * n_d1 - dfq * pdf * (2 * (RATE - DIV) * t - d2 * sd) / (2 * t * sd)

    gex = sign * gamma * oi * MULT * s * s * 0.01
    absgex = np.abs(gamma * oi) * MULT * s * s * 0.01
    vanna_usd = sign * vanna * oi * MULT * s * 0.01
    charm_usd = sign * charm * oi * MULT * s / 365.0
    strikes, s_inv = np.unique(k, return_inverse=True)
    call_gex = np.bincount(s_inv, weights=np.where(call, absgex, 0.0), minlength=len(strikes))
    put_gex = np.bincount(s_inv, weights=np.where(call, 0.0, absgex), minlength=len(strikes))
    abs_by_strike = call_gex + put_gex
    gross = absgex.sum()
    today = date(2026, 11, 24).toordinal()
    monthly = np.array([date.fromordinal(int(o)) == third_friday(date.fromordinal(int(o)).year, date.fromordinal(int(o)).month) for o in exp_uniq])
    gex_by_exp = np.bincount(exp_inv, weights=gex, minlength=len(exp_uniq))
    weekly = np.nonzero((exp_uniq != today) & ~monthly)[0]

    # Zero gamma: net GEX at hypothetical spots, each contract keeping its IV and time.
    w = sign * oi * dfq / sd
    b = -np.log(k) + (RATE - DIV + 0.5 * iv * iv) * t
    cc = 1.0 / sd
    scale = 0.01 * MULT * INV_SQRT_2PI

    def net_at(x):
        d = (np.log(x) + b) * cc
        return scale * x * np.dot(w, np.exp(-0.5 * d * d))

    grid = s * (1 - 0.2 + 0.4 * np.arange(41) / 40)
    f = np.array([net_at(x) for x in grid])
    nz = np.nonzero(f != 0)[0]
    brackets = [(i, j) for i, j in zip(nz[:-1], nz[1:]) if (f[i] < 0) != (f[j] < 0)]
    below = [br for br in brackets if grid[br[0]] < s]
    above = [br for br in brackets if grid[br[0]] >= s]
    best = None
    for i, j in ([below[-1]] if below else []) + ([above[0]] if above else []):
        a, fa, hi = grid[i], f[i], grid[j]
        while hi - a > 1e-7 * a:
            m = 0.5 * (a + hi)
            fm = net_at(m)
            if (fa < 0) == (fm < 0):
                a, fa = m, fm
            else:
                hi = m
        root = 0.5 * (a + hi)
        if best is None or abs(root - s) < abs(best - s):
            best = root
    return {
        "net_gex_usd_per_1pct": float(gex.sum()),
        "gross_gex_usd_per_1pct": float(gross),
        "vanna_exposure_usd_per_vol_pt": float(vanna_usd.sum()),
        "charm_exposure_usd_per_day": float(charm_usd.sum()),
        "call_wall": float(strikes[np.argmax(call_gex)]),
        "put_wall": float(strikes[np.argmax(put_gex)]),
        "abs_gamma_strike": float(strikes[np.argmax(abs_by_strike)]),
        "gamma_near_spot_share": float(absgex[np.abs(k - s) <= 0.02 * s].sum() / gross),
        "net_gex_0dte_usd_per_1pct": float(gex_by_exp[exp_uniq == today].sum()),
        "net_gex_next_weekly_usd_per_1pct": float(gex_by_exp[weekly[0]]) if len(weekly) else 0.0,
        "net_gex_monthly_usd_per_1pct": float(gex_by_exp[monthly].sum()),
        "zero_gamma_level": best,
    }


def main():
    chain = load(sys.argv[1])
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    compute(chain)  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = compute(chain)
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"rows": len(chain["strike"]), "median_ms": float(np.median(times)), "min_ms": float(np.min(times)), "features": result}))


if __name__ == "__main__":
    main()
