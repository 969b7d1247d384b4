// SuperGnosis dashboard (docs/dashboard.md): three views over the HTTP API (docs/functions.md), drawn with uPlot.
// Every number shown is the API's value (formatted); elements that show one carry it raw in data-value so tests
// compare it with the API. The payoff diagram is computed here from the idea's legs and cost.
(function () {
  'use strict';

  const COLORS = { zero: '#8e44ad', call: '#1a7f37', put: '#c0392b', abs: '#d4a017', spot: '#1f5fbf', net: '#117a8b', magnet: 'rgba(31,95,191,0.13)', voidz: 'rgba(192,57,43,0.10)', value: 'rgba(120,120,120,0.08)' };
  // Options are priced per contract of 100 shares (TradeAgentOptions.ContractMultiplier); stock legs count shares.
  const CONTRACT_MULTIPLIER = 100;
  // Strikes charted: within this fraction of spot (the window of gnosis gex's chart, StrikeBuckets.Window).
  const STRIKE_WINDOW = 0.10;
  // Liquidity nodes are bucket centres; buckets are 0.1% of price (LiquidityEngineOptions.BucketFraction) and a node is
  // found on a 3-bucket smoothing, so a zone is drawn as centre +- 1.5 buckets.
  const LIQUIDITY_BUCKET_FRACTION = 0.001;

  const state = { view: 'symbol', symbol: null, symbols: [], intervalMinutes: 15, timer: null, charts: [] };
  const key = new URLSearchParams(location.search).get('code');

  class ApiError extends Error {
    constructor(status, type, detail) { super(detail); this.status = status; this.type = type; }
  }

  async function api(path, method) {
    const headers = { Accept: 'application/json' };
    if (key) headers['x-functions-key'] = key;
    let response;
    try {
      response = await fetch('/api/' + path, { method: method || 'GET', headers });
    } catch (e) {
      throw new ApiError(0, 'unreachable', 'the server does not answer (' + e.message + ')');
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : ('HTTP ' + response.status);
      throw new ApiError(response.status, body && body.type ? body.type : 'http-' + response.status, detail);
    }
    return body;
  }

  // ---------- formatting ----------
  function num(v, digits) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    return Number(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function usd(v) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    const a = Math.abs(v);
    const [s, u] = a >= 1e9 ? [1e9, 'B'] : a >= 1e6 ? [1e6, 'M'] : a >= 1e3 ? [1e3, 'K'] : [1, ''];
    return (v < 0 ? '-' : '') + '$' + num(a / s, s === 1 ? 2 : 2) + u;
  }
  function pct(v) { return v === null || v === undefined || !isFinite(v) ? '–' : num(v * 100, 1) + '%'; }
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  function card(title, wide) {
    const c = el('section', { class: 'card' + (wide ? ' wide' : '') }, el('h2', { text: title }));
    document.getElementById('view').append(c);
    return c;
  }
  function value(field, v, text) {
    return el('span', { class: 'v', 'data-field': field, 'data-value': v === null || v === undefined ? '' : String(v), text });
  }
  function kv(container, rows) {
    const box = el('div', { class: 'kv' });
    for (const [label, field, v, text] of rows) box.append(el('div', {}, el('span', { class: 'k', text: label }), value(field, v, text)));
    container.append(box);
  }
  function empty(container, text) { container.append(el('p', { class: 'empty', text })); }
  function banner(text) {
    const b = document.getElementById('banner');
    if (text) { b.textContent = text; b.hidden = false; } else { b.textContent = ''; b.hidden = true; }
  }

  // ---------- charts ----------
  function chartBox(container, name, points) {
    const box = el('div', { class: 'chart', 'data-chart': name, 'data-points': String(points) });
    container.append(box);
    return box;
  }
  function width(box) { return Math.max(320, (box.parentElement.clientWidth || 600) - 24); }
  function plot(box, opts, data) {
    const u = new uPlot(Object.assign({ width: width(box), height: 260 }, opts), data, box);
    state.charts.push(u);
    return u;
  }
  // Draws vertical (axis 'x') or horizontal (axis 'y') level lines with labels after the series.
  function levelLines(lines, axis) {
    return (u) => {
      const ctx = u.ctx;
      ctx.save();
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.font = (11 * devicePixelRatio) + 'px system-ui';
      for (const line of lines) {
        if (line.value === null || line.value === undefined || !isFinite(line.value)) continue;
        const p = u.valToPos(line.value, axis === 'x' ? 'x' : (line.scale || 'y'), true);
        ctx.strokeStyle = line.color; ctx.fillStyle = line.color;
        ctx.setLineDash(line.dash || [6 * devicePixelRatio, 4 * devicePixelRatio]);
        ctx.beginPath();
        if (axis === 'x') {
          if (p < u.bbox.left || p > u.bbox.left + u.bbox.width) continue;
          ctx.moveTo(p, u.bbox.top); ctx.lineTo(p, u.bbox.top + u.bbox.height); ctx.stroke();
          ctx.fillText(line.label, p + 3 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio * (1 + (line.tier || 0)));
        } else {
          if (p < u.bbox.top || p > u.bbox.top + u.bbox.height) continue;
          ctx.moveTo(u.bbox.left, p); ctx.lineTo(u.bbox.left + u.bbox.width, p); ctx.stroke();
          ctx.fillText(line.label, u.bbox.left + u.bbox.width - ctx.measureText(line.label).width - 4 * devicePixelRatio, p - 3 * devicePixelRatio);
        }
      }
      ctx.restore();
    };
  }
  function zones(list) {
    return (u) => {
      const ctx = u.ctx;
      ctx.save();
      for (const z of list) {
        const y1 = u.valToPos(z.high, 'y', true), y2 = u.valToPos(z.low, 'y', true);
        ctx.fillStyle = z.color;
        ctx.fillRect(u.bbox.left, Math.min(y1, y2), u.bbox.width, Math.max(1, Math.abs(y2 - y1)));
      }
      ctx.restore();
    };
  }
  function candles(bars) {
    return (u) => {
      const ctx = u.ctx;
      const n = bars.length;
      const body = Math.max(1, Math.min(12 * devicePixelRatio, 0.6 * u.bbox.width / Math.max(1, n)));
      ctx.save();
      for (const b of bars) {
        const x = u.valToPos(Date.parse(b.timestamp) / 1000, 'x', true);
        const [o, h, l, c] = [b.open, b.high, b.low, b.close].map(v => u.valToPos(v, 'y', true));
        ctx.strokeStyle = ctx.fillStyle = b.close >= b.open ? COLORS.call : COLORS.put;
        ctx.lineWidth = devicePixelRatio;
        ctx.beginPath(); ctx.moveTo(x, h); ctx.lineTo(x, l); ctx.stroke();
        ctx.fillRect(x - body / 2, Math.min(o, c), body, Math.max(devicePixelRatio, Math.abs(c - o)));
      }
      ctx.restore();
    };
  }
  const bars = uPlot.paths.bars;
  const plainAxis = (digits) => ({ values: (u, splits) => splits.map(v => num(v, digits)), size: 60 });

  // ---------- symbol view ----------
  async function latestRecord(symbol) {
    const page = await api('ledger?symbol=' + encodeURIComponent(symbol) + '&limit=1');
    return page.records.length ? page.records[0] : null;
  }

  async function analyzeNow(symbol, button) {
    button.disabled = true; button.textContent = 'Analyzing ' + symbol + '…';
    try { await api('analyze/' + encodeURIComponent(symbol), 'POST'); await render(); }
    catch (e) { banner('Analysis of ' + symbol + ' failed: ' + e.message); button.disabled = false; button.textContent = 'Analyze ' + symbol + ' now'; }
  }

  function noData(symbol) {
    const c = card('No data for ' + symbol + ' yet', true);
    empty(c, 'The ledger has no record of ' + symbol + '. The scheduler analyzes the watchlist while the NYSE session is open; you can also analyze it now.');
    const b = el('button', { type: 'button', id: 'analyze-now', text: 'Analyze ' + symbol + ' now' });
    b.addEventListener('click', () => analyzeNow(symbol, b));
    c.append(b);
  }

  async function renderSymbol(symbol) {
    const record = await latestRecord(symbol);
    if (!record) { noData(symbol); return; }
    const asOf = record.timestamp;
    const [gex, barPage, levels] = await Promise.all([
      api('symbols/' + encodeURIComponent(symbol) + '/gex?as_of=' + encodeURIComponent(asOf)),
      api('symbols/' + encodeURIComponent(symbol) + '/bars?days=120&as_of=' + encodeURIComponent(asOf)),
      api('symbols/' + encodeURIComponent(symbol) + '/levels?limit=500'),
    ]);
    const snap = record.snapshot;
    const profile = gex.hedge_profile;
    const features = gex.engine_output.features;
    const lv = profile ? profile.levels : { spot: features.spot, zero_gamma: null, call_wall: null, put_wall: null, abs_gamma_strike: null };

    const head = card(symbol + ' as of ' + new Date(asOf).toISOString().replace('.000Z', 'Z'), true);
    head.setAttribute('data-as-of', asOf);
    kv(head, [
      ['Spot', 'spot', lv.spot, num(lv.spot, 2)],
      ['Zero gamma', 'zero_gamma', lv.zero_gamma, lv.zero_gamma == null ? 'none within ±20%' : num(lv.zero_gamma, 2)],
      ['Call wall', 'call_wall', lv.call_wall, num(lv.call_wall, 2)],
      ['Put wall', 'put_wall', lv.put_wall, num(lv.put_wall, 2)],
      ['Abs gamma strike', 'abs_gamma_strike', lv.abs_gamma_strike, num(lv.abs_gamma_strike, 2)],
      ['Net GEX per 1% move', 'net_gex_usd_per_1pct', features.net_gex_usd_per_1pct, usd(features.net_gex_usd_per_1pct)],
      ['Hedge regime', 'hedge_regime', gex.engine_output.regime, gex.engine_output.regime || '–'],
      ['Hedge confidence', 'hedge_confidence', gex.engine_output.confidence, num(gex.engine_output.confidence, 2)],
    ]);
    if (gex.engine_output.metadata && gex.engine_output.metadata.degraded) {
      head.append(el('p', { class: 'note', text: 'Hedge engine degraded: ' + gex.engine_output.metadata.degraded + ' ' + (gex.engine_output.metadata.degraded_detail || '') }));
    }

    // Candles with levels and liquidity zones.
    const priceCard = card('Price (daily candles) with dealer levels and liquidity zones', true);
    const bs = barPage.bars;
    if (!bs.length) {
      empty(priceCard, 'No daily bars for ' + symbol + ' in the 120 days before ' + asOf + '.');
    } else {
      const liq = snap.liquidity || {};
      const w = LIQUIDITY_BUCKET_FRACTION * lv.spot * 1.5;
      const zoneList = [];
      for (const [name, color] of [['magnet_above', COLORS.magnet], ['magnet_below', COLORS.magnet], ['void_above', COLORS.voidz], ['void_below', COLORS.voidz]]) {
        if (liq[name] !== undefined) zoneList.push({ name, low: liq[name] - w, high: liq[name] + w, color });
      }
      if (liq.value_area_low !== undefined && liq.value_area_high !== undefined) zoneList.push({ name: 'value_area', low: liq.value_area_low, high: liq.value_area_high, color: COLORS.value });
      const lines = [
        { value: lv.zero_gamma, color: COLORS.zero, label: 'zero gamma ' + num(lv.zero_gamma, 2) },
        { value: lv.call_wall, color: COLORS.call, label: 'call wall ' + num(lv.call_wall, 2) },
        { value: lv.put_wall, color: COLORS.put, label: 'put wall ' + num(lv.put_wall, 2) },
        { value: lv.abs_gamma_strike, color: COLORS.abs, label: 'abs gamma ' + num(lv.abs_gamma_strike, 2) },
      ];
      const all = bs.flatMap(b => [b.high, b.low]).concat(lines.map(l => l.value).filter(v => v != null && isFinite(v)));
      const lo = Math.min(...all), hi = Math.max(...all), pad = (hi - lo) * 0.04 || 1;
      const box = chartBox(priceCard, 'candles', bs.length);
      box.setAttribute('data-zones', zoneList.map(z => z.name).join(','));
      plot(box, {
        height: 320,
        scales: { x: { time: true }, y: { range: () => [lo - pad, hi + pad] } },
        series: [{}, { label: 'close', stroke: 'rgba(0,0,0,0.25)', width: 1, points: { show: false } }],
        hooks: { drawClear: [zones(zoneList)], draw: [candles(bs), levelLines(lines, 'y')] },
      }, [bs.map(b => Date.parse(b.timestamp) / 1000), bs.map(b => b.close)]);
      const zl = el('p', { class: 'note' });
      zl.textContent = zoneList.length
        ? 'Zones: ' + zoneList.map(z => z.name.replace('_', ' ') + ' ' + num((z.low + z.high) / 2, 2)).join(', ') + ' (liquidity nodes ±1.5 buckets of 0.1%; value area shaded grey).'
        : 'No liquidity magnets or voids in the latest snapshot.';
      priceCard.append(zl);
    }

    // GEX by strike.
    const strikeCard = card('GEX by strike (calls, puts, net), USD millions per 1% move');
    if (!profile) {
      empty(strikeCard, 'No hedge profile: the chain had no usable rows (' + (gex.engine_output.metadata.degraded || 'no data') + ').');
    } else {
      const rows = profile.by_strike.filter(s => Math.abs(s.strike - lv.spot) <= STRIKE_WINDOW * lv.spot).sort((a, b) => a.strike - b.strike);
      if (!rows.length) {
        empty(strikeCard, 'No strike within ±10% of spot.');
      } else {
        const box = chartBox(strikeCard, 'gex-by-strike', rows.length);
        plot(box, {
          scales: { x: { time: false } },
          axes: [plainAxis(0), plainAxis(0)],
          series: [
            { label: 'strike' },
            { label: 'calls', stroke: COLORS.call, fill: 'rgba(26,127,55,0.5)', paths: bars({ size: [0.45, 40], align: -1 }), points: { show: false } },
            { label: 'puts', stroke: COLORS.put, fill: 'rgba(192,57,43,0.5)', paths: bars({ size: [0.45, 40], align: 1 }), points: { show: false } },
            { label: 'net', stroke: COLORS.net, width: 1.5, points: { show: false } },
          ],
          hooks: { draw: [levelLines([{ value: lv.spot, color: COLORS.spot, label: 'spot ' + num(lv.spot, 2) }], 'x')] },
        }, [rows.map(r => r.strike), rows.map(r => r.call_gex_usd_per1_pct / 1e6), rows.map(r => r.put_gex_usd_per1_pct / 1e6), rows.map(r => r.net_gex_usd_per1_pct / 1e6)]);
      }
    }

    // Net GEX versus spot.
    const curveCard = card('Net GEX versus spot (USD millions per 1% move)');
    if (!profile || !profile.gamma_curve.length) {
      empty(curveCard, 'No gamma curve: no contract could be re-priced.');
    } else {
      const pts = profile.gamma_curve;
      const box = chartBox(curveCard, 'gamma-curve', pts.length);
      plot(box, {
        scales: { x: { time: false } },
        axes: [plainAxis(0), plainAxis(0)],
        series: [{ label: 'spot' }, { label: 'net GEX', stroke: COLORS.net, width: 2, points: { show: false } }],
        hooks: { draw: [levelLines([
          { value: lv.spot, color: COLORS.spot, label: 'spot ' + num(lv.spot, 2) },
          { value: lv.zero_gamma, color: COLORS.zero, label: 'zero gamma ' + num(lv.zero_gamma, 2), tier: 1 },
        ], 'x'), levelLines([{ value: 0, color: '#999', label: '', dash: [] }], 'y')] },
      }, [pts.map(p => p.spot), pts.map(p => p.net_gex_usd_per1_pct / 1e6)]);
    }

    // Vanna and charm by expiry.
    const expCard = card('Vanna (USD per vol point) and charm (USD per day) by expiry');
    if (!profile || !profile.by_expiry.length) {
      empty(expCard, 'No expiry in the profile.');
    } else {
      const ex = profile.by_expiry;
      const labels = ex.map(e => e.expiry + (e.settlement === 'am' ? ' AM' : ''));
      const box = chartBox(expCard, 'vanna-charm-by-expiry', ex.length);
      plot(box, {
        scales: { x: { time: false, range: () => [-0.5, ex.length - 0.5] }, vanna: {}, charm: {} },
        axes: [
          { values: (u, splits) => splits.map(s => Number.isInteger(s) ? (labels[s] || '') : ''), incrs: [1, 2, 5, 10], rotate: 0 },
          { scale: 'vanna', values: (u, splits) => splits.map(v => usd(v)), size: 85 },
          { scale: 'charm', side: 1, values: (u, splits) => splits.map(v => usd(v)), size: 85, grid: { show: false } },
        ],
        series: [
          { label: 'expiry', value: (u, v) => v == null ? '–' : (labels[v] || '') },
          { label: 'vanna', scale: 'vanna', stroke: COLORS.spot, fill: 'rgba(31,95,191,0.5)', paths: bars({ size: [0.4, 30], align: -1 }), points: { show: false }, value: (u, v) => usd(v) },
          { label: 'charm', scale: 'charm', stroke: COLORS.abs, fill: 'rgba(212,160,23,0.5)', paths: bars({ size: [0.4, 30], align: 1 }), points: { show: false }, value: (u, v) => usd(v) },
        ],
      }, [ex.map((_, i) => i), ex.map(e => e.vanna_usd_per_vol_pt), ex.map(e => e.charm_usd_per_day)]);
    }

    // Level history over the ledger.
    const histCard = card('Level history over the ledger (' + levels.count + ' record' + (levels.count === 1 ? '' : 's') + ')', true);
    const hp = levels.points;
    if (!hp.length) {
      empty(histCard, 'No ledger records of ' + symbol + '.');
    } else {
      const box = chartBox(histCard, 'level-history', hp.length);
      const col = (k) => hp.map(p => p[k] === undefined ? null : p[k]);
      plot(box, {
        scales: { x: { time: true }, gex: {} },
        axes: [{}, { scale: 'y' }, { scale: 'gex', side: 1, values: (u, s) => s.map(v => usd(v)), size: 70, grid: { show: false } }],
        series: [
          {},
          { label: 'spot', stroke: COLORS.spot, width: 1.5, points: { show: true, size: 5 } },
          { label: 'zero gamma', stroke: COLORS.zero, width: 1.5, points: { show: true, size: 5 } },
          { label: 'call wall', stroke: COLORS.call, width: 1.5, points: { show: true, size: 5 } },
          { label: 'put wall', stroke: COLORS.put, width: 1.5, points: { show: true, size: 5 } },
          { label: 'net GEX', scale: 'gex', stroke: COLORS.net, dash: [4, 4], width: 1, points: { show: true, size: 4 }, value: (u, v) => usd(v) },
        ],
      }, [hp.map(p => Date.parse(p.timestamp) / 1000), col('spot'), col('zero_gamma'), col('call_wall'), col('put_wall'), col('net_gex_usd_per_1pct')]);
    }

    // Liquidity, sentiment, elasticity (from the ledger record's snapshot).
    const liq = snap.liquidity || {};
    const liqCard = card('Liquidity magnets and voids');
    if (!Object.keys(liq).length) empty(liqCard, 'The liquidity engine reported no features.');
    else kv(liqCard, [
      ['Magnet above', 'magnet_above', liq.magnet_above, num(liq.magnet_above, 2)],
      ['Magnet below', 'magnet_below', liq.magnet_below, num(liq.magnet_below, 2)],
      ['Void above', 'void_above', liq.void_above, num(liq.void_above, 2)],
      ['Void below', 'void_below', liq.void_below, num(liq.void_below, 2)],
      ['Magnet score', 'volume_magnet_score', liq.volume_magnet_score, num(liq.volume_magnet_score, 3)],
      ['Void score', 'liquidity_void_score', liq.liquidity_void_score, num(liq.liquidity_void_score, 3)],
      ['Point of control', 'poc_price', liq.poc_price, num(liq.poc_price, 2)],
      ['Value area', 'value_area', null, num(liq.value_area_low, 2) + ' – ' + num(liq.value_area_high, 2)],
    ]);

    const sen = snap.sentiment || {};
    const senCard = card('Sentiment');
    if (!Object.keys(sen).length) empty(senCard, 'The sentiment engine reported no features.');
    else {
      kv(senCard, [
        ['Score (−1 … 1)', 'sentiment_score', sen.sentiment_score, num(sen.sentiment_score, 3)],
        ['Confidence', 'sentiment_confidence', sen.sentiment_confidence, num(sen.sentiment_confidence, 3)],
        ['Energy', 'sentiment_energy', sen.sentiment_energy, num(sen.sentiment_energy, 3)],
        ['Disagreement', 'sentiment_disagreement', sen.sentiment_disagreement, num(sen.sentiment_disagreement, 3)],
      ]);
      const t = el('table', {}, el('tr', {}, el('th', { text: 'processor' }), el('th', { class: 'num', text: 'score' }), el('th', { class: 'num', text: 'confidence' })));
      for (const p of ['news', 'flow', 'technical']) {
        const s = sen[p + '_sentiment_score'], c = sen[p + '_sentiment_confidence'];
        t.append(el('tr', { 'data-processor': p }, el('td', { text: p }), el('td', { class: 'num' }, value(p + '_sentiment_score', s, num(s, 3))), el('td', { class: 'num' }, value(p + '_sentiment_confidence', c, num(c, 3)))));
      }
      senCard.append(t);
      senCard.append(el('p', { class: 'note', text: 'Engine status: ' + ((snap.metadata || {})['engine_status.sentiment'] || 'unknown') + ' (a missing processor scores 0 with confidence 0).' }));
    }

    const ela = snap.elasticity || {};
    const elaCard = card('Elasticity');
    if (!Object.keys(ela).length) empty(elaCard, 'The elasticity engine reported no features.');
    else kv(elaCard, [
      ['Up (% per 1% of ADV)', 'elasticity_up', ela.elasticity_up, num(ela.elasticity_up, 3)],
      ['Down (% per 1% of ADV)', 'elasticity_down', ela.elasticity_down, num(ela.elasticity_down, 3)],
      ['Energy to move 1% up', 'energy_to_move_1pct_up', ela.energy_to_move_1pct_up, usd(ela.energy_to_move_1pct_up)],
      ['Energy to move 1% down', 'energy_to_move_1pct_down', ela.energy_to_move_1pct_down, usd(ela.energy_to_move_1pct_down)],
      ['Expected 1-day move', 'expected_move_1_day_pct', ela.expected_move_1_day_pct, num(ela.expected_move_1_day_pct, 2) + '%'],
      ['Energy asymmetry', 'energy_asymmetry', ela.energy_asymmetry, num(ela.energy_asymmetry, 3)],
    ]);
  }

  // ---------- decision view ----------
  // Profit at expiry per unit: P(S) = sum sign*qty*m*payoff(S) - cost (docs/trade-agent.md, "Payoff model").
  function payoffAt(legs, cost, s) {
    let v = -cost;
    for (const leg of legs) {
      const sign = leg.direction === 'buy' ? 1 : -1;
      if (leg.instrument_type === 'STOCK') v += sign * leg.qty * s;
      else if (leg.instrument_type === 'C') v += sign * leg.qty * CONTRACT_MULTIPLIER * Math.max(s - leg.strike, 0);
      else v += sign * leg.qty * CONTRACT_MULTIPLIER * Math.max(leg.strike - s, 0);
    }
    return v;
  }
  // The curve on [0.8 min strike, 1.2 max strike] with every strike as a knot (exact: P is linear between knots) and
  // the zero crossings of its segments (the breakevens inside the range).
  function payoffCurve(idea, spot) {
    const strikes = idea.legs.filter(l => l.strike != null).map(l => l.strike);
    const ref = strikes.length ? strikes : [spot];
    const lo = Math.max(0, Math.min(...ref, spot) * 0.8), hi = Math.max(...ref, spot) * 1.2;
    const xs = [lo, hi, ...strikes];
    for (let i = 0; i <= 60; i++) xs.push(lo + (hi - lo) * i / 60);
    const x = [...new Set(xs)].sort((a, b) => a - b);
    const y = x.map(s => payoffAt(idea.legs, idea.cost_per_unit, s));
    const zeros = [];
    for (let i = 0; i + 1 < x.length; i++) {
      if ((y[i] < 0 && y[i + 1] > 0) || (y[i] > 0 && y[i + 1] < 0)) zeros.push(x[i] + y[i] * (x[i + 1] - x[i]) / (y[i] - y[i + 1]));
    }
    return { x, y, zeros };
  }

  function suggestionCard(title, s, field) {
    const c = card(title);
    if (!s) { empty(c, 'No suggestion.'); return; }
    c.setAttribute('data-suggestion', field);
    kv(c, [
      ['Action', field + '.action', s.action, s.action],
      ['Confidence', field + '.confidence', s.confidence, num(s.confidence, 3)],
      ['Layer', field + '.layer', s.layer, s.layer],
    ]);
    c.append(el('p', { text: s.reasoning }));
    const tags = el('div');
    for (const t of s.tags || []) tags.append(el('span', { class: 'tag', text: t }));
    c.append(tags);
  }

  async function renderDecision(symbol) {
    const record = await latestRecord(symbol);
    if (!record) { noData(symbol); return; }
    const head = card('Decision for ' + symbol + ' as of ' + record.timestamp, true);
    head.setAttribute('data-as-of', record.timestamp);
    head.append(el('p', { class: 'note', text: 'Run ' + (record.snapshot.metadata.run_id || '?') + '. The three primary agents, the composer, and the trade agent\'s ideas (money per unit, contract multiplier included).' }));
    const primaries = record.primary_suggestions;
    if (!primaries.length) empty(head, 'No primary suggestion in this record.');
    primaries.forEach((s, i) => suggestionCard('Primary: ' + s.layer, s, 'primary' + i));
    suggestionCard('Composite', record.composite_suggestion, 'composite');

    const spot = record.snapshot.hedge.spot || record.snapshot.liquidity.spot_price;
    if (!record.trade_ideas.length) {
      const c = card('Trade ideas', true);
      empty(c, 'No trade idea for this run (the composite is flat or no strategy was feasible).');
    }
    record.trade_ideas.forEach((idea, i) => {
      const c = card('Idea ' + (i + 1) + ': ' + idea.strategy_type.replaceAll('_', ' ') + ' (' + idea.side + ')', true);
      c.setAttribute('data-idea', String(i));
      kv(c, [
        ['Cost per unit', 'idea' + i + '.cost_per_unit', idea.cost_per_unit, usd(idea.cost_per_unit) + (idea.cost_per_unit < 0 ? ' (credit)' : ' (debit)')],
        ['Max loss', 'idea' + i + '.max_loss', idea.max_loss, usd(idea.max_loss)],
        ['Max profit', 'idea' + i + '.max_profit', idea.max_profit, idea.max_profit == null ? 'unbounded' : usd(idea.max_profit)],
        ['Breakevens', 'idea' + i + '.breakeven_levels', idea.breakeven_levels.join(','), idea.breakeven_levels.map(b => num(b, 2)).join(', ') || 'none'],
        ['Units', 'idea' + i + '.recommended_units', idea.recommended_units, String(idea.recommended_units)],
        ['Confidence', 'idea' + i + '.confidence', idea.confidence, num(idea.confidence, 3)],
        ['Target / stop', 'idea' + i + '.target_stop', null, num(idea.target_exit_price, 2) + ' / ' + num(idea.stop_loss_price, 2)],
      ]);
      const t = el('table', {}, el('tr', {}, el('th', { text: 'leg' }), el('th', { text: 'side' }), el('th', { class: 'num', text: 'qty' }), el('th', { text: 'type' }), el('th', { class: 'num', text: 'strike' }), el('th', { text: 'expiry' })));
      idea.legs.forEach((leg, j) => t.append(el('tr', {}, el('td', { text: String(j + 1) }), el('td', { text: leg.direction }), el('td', { class: 'num', text: String(leg.qty) }),
        el('td', { text: leg.instrument_type + (leg.root ? ' (' + leg.root + ')' : '') }), el('td', { class: 'num', text: leg.strike == null ? '–' : num(leg.strike, 2) }), el('td', { text: leg.expiry || '–' }))));
      c.append(t);
      c.append(el('p', { text: idea.rationale }));
      const expiries = new Set(idea.legs.filter(l => l.expiry).map(l => l.expiry));
      if (expiries.size > 1) {
        empty(c, 'Payoff at expiry not drawn: the legs expire on different dates (a calendar is valued with a model, docs/trade-agent.md).');
        return;
      }
      const curve = payoffCurve(idea, spot);
      const box = chartBox(c, 'payoff-' + i, curve.x.length);
      box.setAttribute('data-computed-breakevens', curve.zeros.join(','));
      box.setAttribute('data-computed-min', String(Math.min(...curve.y)));
      box.setAttribute('data-computed-max', String(Math.max(...curve.y)));
      plot(box, {
        height: 240,
        scales: { x: { time: false } },
        series: [{ label: 'price at expiry' }, { label: 'profit per unit', stroke: COLORS.net, width: 2, fill: 'rgba(31,95,191,0.08)', points: { show: false }, value: (u, v) => usd(v) }],
        axes: [{}, { values: (u, s) => s.map(v => usd(v)), size: 70 }],
        hooks: { draw: [levelLines([{ value: 0, color: '#999', label: '', dash: [] }], 'y'),
          levelLines([{ value: spot, color: COLORS.spot, label: 'spot ' + num(spot, 2) }].concat(idea.breakeven_levels.map((b, k) => ({ value: b, color: COLORS.zero, label: 'BE ' + num(b, 2), tier: k + 1 }))), 'x')] },
      }, [curve.x, curve.y]);
    });
  }

  // ---------- ledger view ----------
  async function renderLedger() {
    const [page, metrics] = await Promise.all([api('ledger?limit=200'), api('ledger/metrics')]);
    const records = page.records;
    const head = card('Ledger: the newest ' + records.length + ' record' + (records.length === 1 ? '' : 's'), true);
    if (!records.length) { empty(head, 'The ledger is empty: no run has completed yet.'); return; }
    const realized = records.filter(r => r.realized_pnl != null).sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    const degradedCount = records.filter(r => Object.entries(r.snapshot.metadata).some(([k, v]) => k.startsWith('engine_status.') && v !== 'ok')).length;
    kv(head, [
      ['Runs', 'runs', records.length, String(records.length)],
      ['Symbols', 'symbols', new Set(records.map(r => r.symbol)).size, String(new Set(records.map(r => r.symbol)).size)],
      ['Trade ideas', 'ideas', records.reduce((n, r) => n + r.trade_ideas.length, 0), String(records.reduce((n, r) => n + r.trade_ideas.length, 0))],
      ['Runs with a degraded engine', 'degraded_runs', degradedCount, String(degradedCount)],
      ['Runs with realized P&L', 'realized_runs', realized.length, String(realized.length)],
      ['Realized P&L (sum)', 'realized_pnl_sum', realized.reduce((s, r) => s + r.realized_pnl, 0), usd(realized.reduce((s, r) => s + r.realized_pnl, 0))],
    ]);
    const m = card('Metrics (LedgerMetrics over the newest 1000 records, docs/metrics.md)', true);
    kv(m, [
      ['Closed trades', 'metrics.closed_trades', metrics.closed_trades, String(metrics.closed_trades)],
      ['Total P&L', 'metrics.total_pnl', metrics.total_pnl, usd(metrics.total_pnl)],
      ['Sharpe', 'metrics.sharpe', metrics.sharpe, num(metrics.sharpe, 2)],
      ['Sortino', 'metrics.sortino', metrics.sortino, num(metrics.sortino, 2)],
      ['Hit rate', 'metrics.hit_rate', metrics.hit_rate, pct(metrics.hit_rate)],
      ['Max drawdown', 'metrics.max_drawdown', metrics.max_drawdown, pct(metrics.max_drawdown)],
      ['Profit factor', 'metrics.profit_factor', metrics.profit_factor, metrics.profit_factor_infinite ? '∞' : num(metrics.profit_factor, 2)],
      ['CAGR', 'metrics.cagr', metrics.cagr, pct(metrics.cagr)],
    ]);
    if (!metrics.closed_trades) m.append(el('p', { class: 'note', text: 'No closed trade yet: the ratios are undefined until records carry a realized P&L.' }));
    const eq = card('Equity curve (cumulative realized P&L)', true);
    if (!realized.length) empty(eq, 'No record carries a realized P&L yet (the feedback loop fills it in once trades close).');
    else {
      let sum = 0;
      const ys = realized.map(r => (sum += r.realized_pnl));
      const box = chartBox(eq, 'equity', realized.length);
      plot(box, { scales: { x: { time: true } }, axes: [{}, { values: (u, s) => s.map(v => usd(v)), size: 70 }],
        series: [{}, { label: 'equity', stroke: COLORS.call, width: 2, points: { show: true, size: 5 }, value: (u, v) => usd(v) }] },
      [realized.map(r => Date.parse(r.timestamp) / 1000), ys]);
    }
    const runs = card('Recent runs', true);
    const t = el('table', { id: 'runs-table' }, el('tr', {}, ...['time', 'symbol', 'run', 'status', 'engines', 'composite', 'confidence', 'ideas', 'realized P&L'].map(h => el('th', { text: h }))));
    for (const r of records) {
      const statuses = Object.entries(r.snapshot.metadata).filter(([k]) => k.startsWith('engine_status.'));
      const bad = statuses.filter(([, v]) => v !== 'ok').map(([k, v]) => k.slice('engine_status.'.length) + ' ' + v);
      const c = r.composite_suggestion;
      const tr = el('tr', { 'data-run': r.snapshot.metadata.run_id || '' },
        el('td', { text: r.timestamp }), el('td', { text: r.symbol }), el('td', { text: r.snapshot.metadata.run_id || '–' }),
        el('td', { text: 'completed' }), el('td', { class: bad.length ? 'neg' : 'pos', text: bad.length ? bad.join('; ') : 'all ok' }),
        el('td', { text: c ? c.action : 'none' }), el('td', { class: 'num', text: c ? num(c.confidence, 3) : '–' }),
        el('td', { class: 'num', text: String(r.trade_ideas.length) }), el('td', { class: 'num', text: r.realized_pnl == null ? '–' : usd(r.realized_pnl) }));
      tr.addEventListener('click', () => { state.symbol = r.symbol; location.hash = 'decision/' + r.symbol; });
      t.append(tr);
    }
    runs.append(t);
    runs.append(el('p', { class: 'note', text: 'Every ledger record is a completed run, in process or distributed; a run in flight or failed is not in the ledger (GET /api/runs/{id} shows it).' }));
  }

  // ---------- navigation ----------
  function parseHash() {
    const [view, symbol] = location.hash.replace(/^#/, '').split('/');
    return { view: ['symbol', 'decision', 'ledger'].includes(view) ? view : 'symbol', symbol: symbol ? decodeURIComponent(symbol).toUpperCase() : null };
  }

  async function render() {
    for (const u of state.charts) u.destroy();
    state.charts = [];
    const main = document.getElementById('view');
    main.replaceChildren();
    main.setAttribute('data-state', 'loading');
    for (const v of ['symbol', 'decision', 'ledger']) document.getElementById('nav-' + v).classList.toggle('active', v === state.view);
    for (const v of ['symbol', 'decision']) document.getElementById('nav-' + v).href = '#' + v + (state.symbol ? '/' + encodeURIComponent(state.symbol) : '');
    try {
      if (state.view === 'ledger') await renderLedger();
      else if (!state.symbol) { const c = card('No symbol', true); empty(c, 'No watchlist symbol and no ledger record yet: set SuperGnosis:Scheduler:Watchlist, or start a run (POST /api/runs).'); }
      else if (state.view === 'decision') await renderDecision(state.symbol);
      else await renderSymbol(state.symbol);
      banner(null);
      main.setAttribute('data-state', 'ready');
    } catch (e) {
      main.setAttribute('data-state', 'error');
      const c = card('Could not load the ' + state.view + ' view', true);
      empty(c, e.status === 0 ? 'The server does not answer; the view retries at the next refresh.' : 'The API answered ' + e.status + ' (' + e.type + '): ' + e.message);
      banner(e.status === 0 ? 'Server unreachable: ' + e.message
        : e.status === 503 ? 'Unavailable (market data provider or storage down), error 503: ' + e.message
        : 'Error ' + e.status + ': ' + e.message);
    }
    document.getElementById('refresh-info').textContent = 'updated ' + new Date().toLocaleTimeString() + ', refreshes every ' + state.intervalMinutes + ' min';
  }

  async function chooseSymbol() {
    for (const s of state.symbols) if (await latestRecord(s)) return s;
    return state.symbols[0] || null;
  }

  async function start() {
    try {
      const list = await api('watchlist');
      state.intervalMinutes = list.interval_minutes;
      state.symbols = [...list.symbols, ...list.ledger_symbols.filter(s => !list.symbols.includes(s))];
    } catch (e) {
      banner('Cannot read the watchlist: ' + e.message);
    }
    const picker = document.getElementById('symbol-picker');
    for (const s of state.symbols) picker.append(el('option', { value: s, text: s }));
    const h = parseHash();
    state.view = h.view;
    state.symbol = h.symbol || await chooseSymbol();
    if (state.symbol && !state.symbols.includes(state.symbol)) picker.append(el('option', { value: state.symbol, text: state.symbol }));
    if (state.symbol) picker.value = state.symbol;
    picker.addEventListener('change', () => { location.hash = (state.view === 'ledger' ? 'symbol' : state.view) + '/' + picker.value; });
    window.addEventListener('hashchange', () => {
      const next = parseHash();
      state.view = next.view;
      if (next.symbol) { state.symbol = next.symbol; picker.value = next.symbol; }
      render();
    });
    await render();
    state.timer = setInterval(render, state.intervalMinutes * 60 * 1000);
    document.body.setAttribute('data-ready', 'true');
  }

  start();
})();
