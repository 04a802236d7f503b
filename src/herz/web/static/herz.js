/* herz web: shared helpers. The JSON API, number formatting, sliders generated from a JSON
   Schema, and a small hand-written SVG line chart with bands (no library, no CDN). */
"use strict";
const Herz = (() => {
  const COLORS = ["#2456a6", "#c0392b", "#1b7a3a", "#8e44ad", "#d68910", "#17a2b8", "#6d4c41",
                  "#e84393", "#2c3e50", "#7f8c8d"];

  async function api(method, path, body) {
    const opts = { method, headers: {} };
    if (body !== undefined) { opts.headers["content-type"] = "application/json"; opts.body = JSON.stringify(body); }
    const resp = await fetch(path, opts);
    let data = null;
    try { data = await resp.json(); } catch (e) { data = null; }
    if (!resp.ok) throw new Error((data && data.error) || (resp.status + " " + resp.statusText));
    return data;
  }

  function fmt(x, digits = 3) {
    if (x === null || x === undefined) return "n/a";
    if (typeof x === "boolean") return x ? "yes" : "no";
    if (typeof x !== "number") return String(x);
    if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(2);
    return Number(x.toPrecision(digits)).toString();
  }
  function interval(iv) {
    if (!iv || iv.estimate === null) return "n/a";
    let s = fmt(iv.estimate);
    if (iv.low !== null && iv.high !== null) s += " [" + fmt(iv.low) + ", " + fmt(iv.high) + "]";
    return s;
  }
  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }
  function debounce(fn, ms) { let t = null; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; }

  /* Sliders for the properties of a (pydantic) JSON Schema; calls onChange(values) live. */
  function sliders(form, schema, onChange, only) {
    const values = {};
    const fire = debounce(() => onChange({ ...values }), 120);
    for (const [name, p0] of Object.entries(schema.properties)) {
      if (only && !only.includes(name)) continue;
      const p = p0;
      values[name] = p.default;
      const box = el("div", { class: "slider" });
      const out = el("span", { class: "value", text: fmt(p.default) });
      const label = el("label", { title: p.description || "" }, el("span", { text: p.title || name }), out);
      box.append(label);
      let input;
      if (p.type === "boolean") {
        input = el("input", { type: "checkbox", name });
        input.checked = !!p.default;
        input.addEventListener("change", () => { values[name] = input.checked; out.textContent = fmt(input.checked); fire(); });
      } else if (p.enum) {
        input = el("select", { name });
        for (const o of p.enum) input.append(el("option", { text: o }));
        input.value = p.default;
        input.addEventListener("change", () => { values[name] = input.value; out.textContent = input.value; fire(); });
      } else {
        const lo = p.minimum ?? p.exclusiveMinimum ?? 0, hi = p.maximum ?? p.exclusiveMaximum ?? 1;
        const isInt = p.type === "integer";
        const step = isInt ? 1 : (hi - lo) / 200;
        const min = p.exclusiveMinimum !== undefined ? lo + step : lo;
        const max = p.exclusiveMaximum !== undefined ? hi - step : hi;
        if (name === "seed") {
          input = el("input", { type: "number", name, min: 0, step: 1, value: p.default });
        } else {
          input = el("input", { type: "range", name, min, max, step, value: p.default });
        }
        input.addEventListener("input", () => {
          const v = Number(input.value);
          values[name] = isInt ? Math.round(v) : v; out.textContent = fmt(values[name]); fire();
        });
      }
      box.append(input);
      form.append(box);
    }
    onChange({ ...values });
    return values;
  }

  /* A line chart. opts: {series: [{name, color, x, y, lo, hi, dash, width}], xlabel, ylabel,
     title, hlines: [{y, label}], vlines: [{x, label}], ymin, ymax}. */
  function plot(container, opts) {
    const W = 860, H = opts.height || 320, m = { l: 58, r: 150, t: 26, b: 40 };
    const xs = [], ys = [];
    for (const s of opts.series) {
      for (let i = 0; i < s.x.length; i++) {
        for (const arr of [s.y, s.lo, s.hi]) {
          if (arr && arr[i] !== null && arr[i] !== undefined && isFinite(arr[i])) { xs.push(s.x[i]); ys.push(arr[i]); }
        }
      }
    }
    for (const h of opts.hlines || []) if (h.y !== null && isFinite(h.y)) ys.push(h.y);
    let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = opts.ymin ?? Math.min(...ys), y1 = opts.ymax ?? Math.max(...ys);
    if (!xs.length) { x0 = 0; x1 = 1; y0 = 0; y1 = 1; }
    if (x0 === x1) x1 = x0 + 1;
    if (y0 === y1) { y0 -= 1; y1 += 1; }
    const pad = (y1 - y0) * 0.04; if (opts.ymin === undefined) y0 -= pad; if (opts.ymax === undefined) y1 += pad;
    const X = v => m.l + (v - x0) / (x1 - x0) * (W - m.l - m.r);
    const Y = v => H - m.b - (v - y0) / (y1 - y0) * (H - m.t - m.b);
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("role", "img");
    const add = (tag, attrs, parent = svg) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      parent.append(e); return e;
    };
    const text = (x, y, s, attrs = {}) => { const t = add("text", { x, y, "font-size": 11, fill: "#445", ...attrs }); t.textContent = s; return t; };
    if (opts.title) text(m.l, 16, opts.title, { "font-size": 13, "font-weight": 600 });
    for (const v of ticks(y0, y1, 6)) {
      add("line", { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v), stroke: "#eceef3" });
      text(m.l - 6, Y(v) + 4, fmt(v), { "text-anchor": "end" });
    }
    for (const v of ticks(x0, x1, 8)) text(X(v), H - m.b + 15, fmt(v), { "text-anchor": "middle" });
    add("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: "none", stroke: "#b8bfcc" });
    if (opts.xlabel) text((m.l + W - m.r) / 2, H - 6, opts.xlabel, { "text-anchor": "middle" });
    if (opts.ylabel) text(14, (m.t + H - m.b) / 2, opts.ylabel, { transform: `rotate(-90 14 ${(m.t + H - m.b) / 2})`, "text-anchor": "middle" });
    const clip = (v) => Math.max(m.t, Math.min(H - m.b, v));
    for (const h of opts.hlines || []) {
      if (h.y === null || !isFinite(h.y)) continue;
      add("line", { x1: m.l, x2: W - m.r, y1: clip(Y(h.y)), y2: clip(Y(h.y)), stroke: "#999", "stroke-dasharray": "4 3" });
      text(W - m.r + 4, clip(Y(h.y)) + 4, h.label || "");
    }
    const ok = v => v !== null && v !== undefined && isFinite(v);
    opts.series.forEach((s, k) => {
      const color = s.color || COLORS[k % COLORS.length];
      if (s.lo && s.hi) {
        const up = [], down = [];
        for (let i = 0; i < s.x.length; i++) if (ok(s.lo[i]) && ok(s.hi[i])) { up.push(`${X(s.x[i])},${clip(Y(s.hi[i]))}`); down.unshift(`${X(s.x[i])},${clip(Y(s.lo[i]))}`); }
        if (up.length) add("polygon", { points: up.concat(down).join(" "), fill: color, opacity: 0.15, class: "band" });
      }
      let d = "", pen = false;
      for (let i = 0; i < s.x.length; i++) {
        if (!ok(s.y[i])) { pen = false; continue; }
        d += (pen ? "L" : "M") + X(s.x[i]).toFixed(1) + "," + clip(Y(s.y[i])).toFixed(1); pen = true;
      }
      if (d) add("path", { d, fill: "none", stroke: color, "stroke-width": s.width || 2, "stroke-dasharray": s.dash || "", class: "line" });
      text(W - m.r + 8, m.t + 14 + 15 * k, s.name, { fill: color });
    });
    // hover: a vertical rule and the values at the nearest x
    const rule = add("line", { y1: m.t, y2: H - m.b, stroke: "#889", visibility: "hidden" });
    const tip = add("text", { x: 0, y: m.t + 12, "font-size": 11, visibility: "hidden", class: "tip" });
    svg.addEventListener("mousemove", ev => {
      const r = svg.getBoundingClientRect();
      const px = (ev.clientX - r.left) / r.width * W;
      if (px < m.l || px > W - m.r) { rule.setAttribute("visibility", "hidden"); tip.setAttribute("visibility", "hidden"); return; }
      const xv = x0 + (px - m.l) / (W - m.l - m.r) * (x1 - x0);
      const parts = [];
      for (const s of opts.series) {
        let best = 0; for (let i = 1; i < s.x.length; i++) if (Math.abs(s.x[i] - xv) < Math.abs(s.x[best] - xv)) best = i;
        if (s.x.length) parts.push(`${s.name}: ${fmt(s.y[best])}`);
      }
      rule.setAttribute("x1", px); rule.setAttribute("x2", px); rule.setAttribute("visibility", "visible");
      tip.textContent = `x=${fmt(xv)}  ` + parts.slice(0, 6).join("  ");
      tip.setAttribute("x", m.l + 4); tip.setAttribute("visibility", "visible");
    });
    container.replaceChildren(svg);
    return svg;
  }
  function ticks(lo, hi, n) {
    const span = hi - lo, step0 = span / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 5, 10].map(f => f * mag).find(s => span / s <= n) || mag * 10;
    const out = []; for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Number(v.toPrecision(12)));
    return out;
  }
  function table(rows, head) {
    const t = el("table", { class: "data" });
    const tr = el("tr"); for (const h of head) tr.append(el("th", { text: h })); t.append(el("thead", {}, tr));
    const tb = el("tbody");
    for (const r of rows) { const row = el("tr"); for (const c of r) row.append(el("td", { text: c })); tb.append(row); }
    t.append(tb); return t;
  }
  return { api, fmt, interval, el, debounce, sliders, plot, table, COLORS };
})();
