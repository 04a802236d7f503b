/* herz web: shared helpers. The JSON API, number formatting, sliders generated from a JSON
   Schema, and a small hand-written SVG line chart with bands (no library, no CDN). */
"use strict";
const Herz = (() => {
  /* Colour-blind-safe series colours (Okabe-Ito hues, darkened to 4.5:1 contrast on white);
     PALETTE_A and PALETTE_B keep two compared runs apart (cool against warm hues). */
  const COLORS = ["#0072B2", "#B35900", "#117733", "#882255", "#332288", "#AA4499", "#7A5C00",
                  "#1B6F8A", "#A6360F", "#6A4C93"];
  const PALETTE_A = ["#0072B2", "#117733", "#332288", "#1B6F8A", "#6A4C93"];
  const PALETTE_B = ["#B35900", "#882255", "#A6360F", "#AA4499", "#7A5C00"];
  let uid = 0;

  async function api(method, path, body) {
    const opts = { method, headers: {} };
    if (body !== undefined) { opts.headers["content-type"] = "application/json"; opts.body = JSON.stringify(body); }
    const resp = await fetch(path, opts);
    let data = null;
    try { data = await resp.json(); } catch (e) { data = null; }
    if (!resp.ok) {
      const err = new Error((data && data.error) || (resp.status + " " + resp.statusText));
      err.status = resp.status;
      err.field = errorField(data);
      err.allowed = (data && data.allowed) || null;
      throw err;
    }
    return data;
  }
  /* The field an error names: herz's own ("actors.0.empathy") or the request's (FastAPI's
     "body.runs" -> "runs"). */
  function errorField(data) {
    if (!data) return null;
    if (data.field) return String(data.field);
    const d = data.details && data.details[0];
    if (d && d.field) return d.field.replace(/^body\./, "");
    return null;
  }

  /* Errors beside their control: the message goes right after the control (or its label),
     the control is marked invalid (aria-invalid, a red outline), described by the message,
     scrolled into view and (unless focus is false) focused. */
  function clearErrors(root = document) {
    for (const box of root.querySelectorAll(".field-error")) {
      if (box.dataset.made) box.remove(); else { box.hidden = true; box.textContent = ""; }
    }
    for (const c of root.querySelectorAll("[aria-invalid=true]")) {
      c.removeAttribute("aria-invalid"); c.classList.remove("invalid");
      const ids = (c.getAttribute("aria-describedby") || "").split(" ").filter(i => i && i !== c.id + "-error");
      if (ids.length) c.setAttribute("aria-describedby", ids.join(" ")); else c.removeAttribute("aria-describedby");
    }
  }
  function fieldError(control, message, { focus = true } = {}) {
    if (!control.id) control.id = `ctl-${++uid}`;
    let box = document.getElementById(control.id + "-error");
    if (!box) {
      box = el("span", { class: "error field-error", id: control.id + "-error" });
      box.dataset.made = "1";
      const label = control.closest("label");
      (label || control).after(box);
    }
    box.textContent = message; box.hidden = false;
    control.setAttribute("aria-invalid", "true"); control.classList.add("invalid");
    const ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!ids.includes(box.id)) control.setAttribute("aria-describedby", [box.id, ...ids].join(" "));
    control.scrollIntoView({ block: "center" });
    if (focus) control.focus({ preventScroll: true });
    return box;
  }
  /* Select (and scroll to) the line of a TOML text area that sets a field: its last key
     written in the text (``parameters.0.low`` -> the line ``low = ...``), else its table. */
  function selectKey(area, field) {
    if (!field) return false;
    const keys = String(field).split(".").filter(k => !/^\d+$/.test(k));
    const text = area.value;
    for (let n = keys.length - 1; n >= 0; n--) {
      const k = keys[n].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const m = new RegExp(`^[ \\t]*(\\[+[ \\t]*)?${k}[ \\t]*(=|\\])`, "m").exec(text);
      if (!m) continue;
      const end = text.indexOf("\n", m.index);
      area.setSelectionRange(m.index, end < 0 ? text.length : end);
      const line = text.slice(0, m.index).split("\n").length - 1;
      const lh = parseFloat(getComputedStyle(area).lineHeight) || 18;
      area.scrollTop = Math.max(0, (line - 3) * lh);
      return true;
    }
    return false;
  }
  /* Show ``err`` beside the control its field names: ``find(path)`` gives the control of a
     field path or null; the longest prefix of the path with a control wins. Without one, the
     message goes into ``fallback``. Returns the control used, or null. */
  function showError(err, find, fallback, opts = {}) {
    let control = null;
    if (err.field) {
      const parts = String(err.field).split(".");
      for (let n = parts.length; n > 0 && !control; n--) control = find(parts.slice(0, n).join("."));
    }
    if (control) { fieldError(control, err.message, opts); if (fallback) fallback.textContent = ""; return control; }
    if (fallback) fallback.textContent = err.message;
    return null;
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

  const LOG_STEPS = 200;
  /* A logarithmic slider scale from p["x-min"] to hi (null unless p["x-scale"] is "log"). */
  function logScale(p, hi) {
    if (p["x-scale"] !== "log") return null;
    const lo = p["x-min"], span = Math.log(hi / lo);
    return {
      value: pos => Number((lo * Math.exp(span * pos / LOG_STEPS)).toPrecision(3)),
      position: v => Math.round(LOG_STEPS * Math.log(Math.max(v, lo) / lo) / span),
    };
  }
  /* Sliders for the properties of a (pydantic) JSON Schema; calls onChange(values) live. */
  function sliders(form, schema, onChange, only) {
    const values = {};
    const fire = debounce(() => onChange({ ...values }), 120);
    for (const [name, p0] of Object.entries(schema.properties)) {
      if (only && !only.includes(name)) continue;
      const p = p0;
      values[name] = p.default;
      const box = el("div", { class: "slider" });
      const id = `sl-${++uid}-${name}`;
      const out = el("output", { class: "value", for: id, text: fmt(p.default) });
      const label = el("label", { for: id }, el("span", { text: p.title || name }), out);
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
        // "x-scale": "log": positions 0..LOG_STEPS spread evenly over log(value), so each
        // decade gets as many positions (a cost that matters from 0.1 to 10, not 0 to 100)
        const scale = logScale(p, hi);
        if (name === "seed") {
          input = el("input", { type: "number", name, min: 0, step: 1, value: p.default });
        } else if (scale) {
          input = el("input", { type: "range", name, min: 0, max: LOG_STEPS, step: 1, value: scale.position(p.default) });
          input.setAttribute("aria-valuetext", fmt(p.default));
        } else {
          input = el("input", { type: "range", name, min, max, step, value: p.default });
        }
        input.addEventListener("input", () => {
          const v = scale ? scale.value(Number(input.value)) : Number(input.value);
          values[name] = isInt ? Math.round(v) : v; out.textContent = fmt(values[name]); fire();
          if (scale) input.setAttribute("aria-valuetext", fmt(values[name]));
        });
      }
      input.id = id;
      box.append(input);
      if (p.description) { const h = el("p", { class: "help", id: id + "-help", text: p.description }); box.append(h); input.setAttribute("aria-describedby", h.id); }
      form.append(box);
    }
    onChange({ ...values });
    return values;
  }

  /* A line chart. opts: {series: [{name, color, x, y, lo, hi, dash, width}], xlabel, ylabel,
     title, desc, hlines: [{y, label}], vlines: [{x, label}], xmin, xmax, ymin, ymax, xint}.
     The chart has a text alternative (<title>, <desc>) and a "data table" toggle. */
  function plot(container, opts) {
    const narrow = container.clientWidth > 0 && container.clientWidth < 560;
    const W = narrow ? 520 : 860, H = opts.height || (narrow ? 360 : 320);
    const FS = narrow ? 15 : 11;
    const legendBelow = narrow;
    const nLeg = opts.series.length;
    let titleLines = opts.title ? [opts.title] : [];
    const maxChars = narrow ? 46 : 110;
    if (opts.title && opts.title.length > maxChars) {
      const cut = opts.title.lastIndexOf(" ", maxChars);
      titleLines = [opts.title.slice(0, cut), opts.title.slice(cut + 1)];
    }
    const m = { l: narrow ? 62 : 58, r: legendBelow ? 14 : 170, t: 10 + 18 * Math.max(1, titleLines.length), b: legendBelow ? 48 + 20 * Math.ceil(nLeg / 2) : 40 };
    const xs = [], ys = [];
    for (const s of opts.series) {
      for (let i = 0; i < s.x.length; i++) {
        for (const arr of [s.y, s.lo, s.hi]) {
          if (arr && arr[i] !== null && arr[i] !== undefined && isFinite(arr[i])) { xs.push(s.x[i]); ys.push(arr[i]); }
        }
      }
    }
    for (const h of opts.hlines || []) if (h.y !== null && isFinite(h.y)) ys.push(h.y);
    let x0 = opts.xmin ?? Math.min(...xs), x1 = opts.xmax ?? Math.max(...xs), y0 = opts.ymin ?? Math.min(...ys), y1 = opts.ymax ?? Math.max(...ys);
    if (!xs.length) { x0 = 0; x1 = 1; y0 = 0; y1 = 1; }
    if (x0 === x1) x1 = x0 + 1;
    if (y0 === y1) { y0 -= 1; y1 += 1; }
    const pad = (y1 - y0) * 0.04; if (opts.ymin === undefined) y0 -= pad; if (opts.ymax === undefined) y1 += pad;
    const X = v => m.l + (v - x0) / (x1 - x0) * (W - m.l - m.r);
    const Y = v => H - m.b - (v - y0) / (y1 - y0) * (H - m.t - m.b);
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const add = (tag, attrs, parent = svg) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      parent.append(e); return e;
    };
    describe(svg, opts.title || opts.ylabel || "chart", opts.desc || summaryOf(opts));
    const text = (x, y, s, attrs = {}) => { const t = add("text", { x, y, "font-size": FS, fill: "#333a48", ...attrs }); t.textContent = s; return t; };
    titleLines.forEach((line, i) => text(narrow ? 4 : m.l, 16 + 18 * i, line, { "font-size": FS + 1, "font-weight": 600 }));
    const yt = ticks(y0, y1, narrow ? 5 : 6);
    for (const v of yt) {
      add("line", { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v), stroke: "#eceef3" });
      text(m.l - 6, Y(v) + 4, tickLabel(v, yt), { "text-anchor": "end" });
    }
    const xt = opts.xint ? intTicks(x0, x1, narrow ? 5 : 8) : ticks(x0, x1, narrow ? 5 : 8);
    for (const v of xt) text(X(v), H - m.b + FS + 4, tickLabel(v, xt), { "text-anchor": "middle" });
    add("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: "none", stroke: "#b8bfcc" });
    const xlY = legendBelow ? H - m.b + 2 * FS + 8 : H - 6;
    if (opts.xlabel) text((m.l + W - m.r) / 2, xlY, opts.xlabel, { "text-anchor": "middle" });
    if (opts.ylabel) text(FS + 2, (m.t + H - m.b) / 2, opts.ylabel, { transform: `rotate(-90 ${FS + 2} ${(m.t + H - m.b) / 2})`, "text-anchor": "middle" });
    for (const v of opts.vlines || []) {
      if (v.x === null || !isFinite(v.x)) continue;
      add("line", { x1: X(v.x), x2: X(v.x), y1: m.t, y2: H - m.b, stroke: "#556", "stroke-dasharray": "2 3", class: "vline" });
      if (v.label) text(X(v.x) + 4, m.t + FS + 2, v.label, { "font-size": FS - 1 });
    }
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
      // the legend: a line sample (with the series' dash and band) and the name
      let lx, ly;
      if (legendBelow) { lx = m.l + (k % 2) * (W - m.l - m.r) / 2; ly = H - m.b + 2 * FS + 26 + 20 * Math.floor(k / 2); }
      else { lx = W - m.r + 8; ly = m.t + 14 + 17 * k; }
      const g = add("g", { class: "legend-item" });
      if (s.lo && s.hi) add("rect", { x: lx, y: ly - 9, width: 24, height: 10, fill: color, opacity: 0.15 }, g);
      add("line", { x1: lx, x2: lx + 24, y1: ly - 4, y2: ly - 4, stroke: color, "stroke-width": s.width || 2, "stroke-dasharray": s.dash || "" }, g);
      const t = document.createElementNS(NS, "text");
      for (const [a, v] of Object.entries({ x: lx + 30, y: ly, "font-size": FS, fill: color })) t.setAttribute(a, v);
      t.textContent = s.name; g.append(t);
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
      tip.textContent = `${opts.xlabel || "x"} ${opts.xint ? Math.round(xv) : fmt(xv)}  ` + parts.slice(0, 6).join("  ");
      tip.setAttribute("x", m.l + 4); tip.setAttribute("visibility", "visible");
    });
    container.replaceChildren(svg, dataTable(opts));
    return svg;
  }
  /* A chart's text alternative: <title> and <desc>, referenced by aria-labelledby. */
  function describe(svg, title, desc) {
    const NS = "http://www.w3.org/2000/svg", id = "chart" + (++uid);
    svg.setAttribute("role", "img");
    const t = document.createElementNS(NS, "title"); t.id = id + "-t"; t.textContent = title;
    const d = document.createElementNS(NS, "desc"); d.id = id + "-d"; d.textContent = desc;
    svg.prepend(t, d);
    svg.setAttribute("aria-labelledby", `${t.id} ${d.id}`);
  }
  function summaryOf(opts) {
    const parts = [];
    for (const s of opts.series.slice(0, 8)) {
      const idx = s.y.map((v, i) => i).filter(i => s.y[i] !== null && s.y[i] !== undefined && isFinite(s.y[i]));
      if (!idx.length) continue;
      const a = idx[0], b = idx[idx.length - 1];
      parts.push(`${s.name}: ${fmt(s.y[a])} at ${opts.xlabel || "x"} ${fmt(s.x[a], 6)}, ${fmt(s.y[b])} at ${fmt(s.x[b], 6)}`);
    }
    return `Line chart of ${opts.ylabel || "values"} against ${opts.xlabel || "x"}. ` + parts.join("; ") + ".";
  }
  /* A "data table" toggle under a chart: every series' values at each x. */
  function dataTable(opts) {
    const det = el("details", { class: "chart-data" }, el("summary", { text: "Data table" }));
    const xsAll = [...new Set(opts.series.flatMap(s => s.x))].sort((a, b) => a - b);
    const byX = opts.series.map(s => new Map(s.x.map((x, i) => [x, s.y[i]])));
    const rows = xsAll.map(x => [opts.xint ? String(Math.round(x)) : fmt(x, 6), ...byX.map(m => (m.has(x) ? fmt(m.get(x)) : ""))]);
    const wrap = el("div", { class: "table-scroll" });
    wrap.append(table(rows, [opts.xlabel || "x", ...opts.series.map(s => s.name)]));
    det.append(wrap);
    return det;
  }
  /* Tick labels with as many decimals as the tick spacing needs (1962, not 1960). */
  function tickLabel(v, all) {
    const step = all.length > 1 ? Math.abs(all[1] - all[0]) : 1;
    if (Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3 && step < 1e-3)) return v.toExponential(1);
    const dec = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
    return v.toFixed(dec);
  }
  /* Whole-number ticks (years, steps): the step of the ticks is at least 1. */
  function intTicks(lo, hi, n) {
    const out = ticks(lo, hi, n).filter(v => Number.isInteger(v));
    if (out.length >= 2) return out;
    const a = Math.ceil(lo), b = Math.floor(hi), r = [];
    for (let v = a; v <= b; v++) r.push(v);
    return r;
  }
  function ticks(lo, hi, n) {
    const span = hi - lo, step0 = span / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 5, 10].map(f => f * mag).find(s => span / s <= n) || mag * 10;
    const out = []; for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Number(v.toPrecision(12)));
    return out;
  }
  function table(rows, head) {
    const t = el("table", { class: "data", tabindex: "0" });  // focusable: it may scroll
    const tr = el("tr"); for (const h of head) tr.append(el("th", { text: h })); t.append(el("thead", {}, tr));
    const tb = el("tbody");
    for (const r of rows) { const row = el("tr"); for (const c of r) row.append(el("td", { text: c })); tb.append(row); }
    t.append(tb); return t;
  }
  /* The glossary (herz.glossary): a metric's or series' label, meaning and unit. */
  let GLOSSARY = null;
  function term(name) {
    if (!GLOSSARY) { const g = document.getElementById("herz-glossary"); GLOSSARY = g ? JSON.parse(g.textContent) : { metrics: {}, series: {} }; }
    return GLOSSARY.metrics[name] || GLOSSARY.series[name] || { label: name, meaning: "", unit: "" };
  }
  return { term, api, clearErrors, fieldError, showError, selectKey, fmt, interval, el, debounce, sliders, plot, table, COLORS, PALETTE_A, PALETTE_B, describe, tickLabel, intTicks, ticks };
})();
