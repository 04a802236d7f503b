"use strict";
/* Hand-written SVG charts beside Herz.plot: a scatter with error bars, horizontal bars with
   intervals, and a heatmap (no library, no CDN). */
const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  function svgOf(W, H) {
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const add = (tag, attrs, parent = svg) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      parent.append(e); return e;
    };
    const text = (x, y, s, attrs = {}) => { const t = add("text", { x, y, "font-size": 11, fill: "#333a48", ...attrs }); t.textContent = s; return t; };
    return { svg, add, text };
  }
  const ok = v => v !== null && v !== undefined && isFinite(v);
  function span(vals) {
    let lo = Math.min(...vals), hi = Math.max(...vals);
    if (!vals.length) { lo = 0; hi = 1; }
    if (lo === hi) { lo -= 1; hi += 1; }
    const pad = (hi - lo) * 0.08; return [lo - pad, hi + pad];
  }
  function ticks(lo, hi, n) {
    const s = hi - lo, step0 = s / n, mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 5, 10].map(f => f * mag).find(v => s / v <= n) || mag * 10;
    const out = []; for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
    return out;
  }
  /* points: [{x, xlo, xhi, y, ylo, yhi, label, filled, ring}] */
  function scatter(container, opts) {
    const W = 860, H = opts.height || 360, m = { l: 64, r: 20, t: 26, b: 42 };
    const P = opts.points;
    const [x0, x1] = span(P.flatMap(p => [p.x, p.xlo, p.xhi]).filter(ok));
    const [y0, y1] = span(P.flatMap(p => [p.y, p.ylo, p.yhi]).filter(ok));
    const X = v => m.l + (v - x0) / (x1 - x0) * (W - m.l - m.r);
    const Y = v => H - m.b - (v - y0) / (y1 - y0) * (H - m.t - m.b);
    const { svg, add, text } = svgOf(W, H);
    Herz.describe(svg, opts.title || "scatter plot", opts.desc || `Scatter plot of ${opts.ylabel || "y"} against ${opts.xlabel || "x"}: ` + P.filter(p => ok(p.x) && ok(p.y)).slice(0, 20).map(p => `${p.label} (${Herz.fmt(p.x)}, ${Herz.fmt(p.y)})`).join("; ") + ".");
    if (opts.title) text(m.l, 16, opts.title, { "font-size": 13, "font-weight": 600 });
    for (const v of ticks(y0, y1, 6)) { add("line", { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v), stroke: "#eceef3" }); text(m.l - 6, Y(v) + 4, Herz.fmt(v), { "text-anchor": "end" }); }
    for (const v of ticks(x0, x1, 8)) text(X(v), H - m.b + 15, Herz.fmt(v), { "text-anchor": "middle" });
    add("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b, fill: "none", stroke: "#b8bfcc" });
    if (opts.xlabel) text((m.l + W - m.r) / 2, H - 6, opts.xlabel, { "text-anchor": "middle" });
    if (opts.ylabel) text(14, (m.t + H - m.b) / 2, opts.ylabel, { transform: `rotate(-90 14 ${(m.t + H - m.b) / 2})`, "text-anchor": "middle" });
    if (x0 < 0 && x1 > 0) add("line", { x1: X(0), x2: X(0), y1: m.t, y2: H - m.b, stroke: "#999", "stroke-dasharray": "4 3" });
    if (y0 < 0 && y1 > 0) add("line", { x1: m.l, x2: W - m.r, y1: Y(0), y2: Y(0), stroke: "#999", "stroke-dasharray": "4 3" });
    for (const p of P) {
      if (!ok(p.x) || !ok(p.y)) continue;
      const g = add("g", { class: "point" });
      if (ok(p.xlo) && ok(p.xhi)) add("line", { x1: X(p.xlo), x2: X(p.xhi), y1: Y(p.y), y2: Y(p.y), stroke: "#889" }, g);
      if (ok(p.ylo) && ok(p.yhi)) add("line", { x1: X(p.x), x2: X(p.x), y1: Y(p.ylo), y2: Y(p.yhi), stroke: "#889" }, g);
      const c = add("circle", { cx: X(p.x), cy: Y(p.y), r: p.ring ? 7 : 5, fill: p.filled ? (p.color || "#2456a6") : "#fff", stroke: p.ring ? "#c0392b" : (p.color || "#2456a6"), "stroke-width": p.ring ? 3 : 1.5 }, g);
      const t = document.createElementNS(NS, "title"); t.textContent = p.label; c.append(t);
      if (p.filled || p.ring) text(X(p.x) + 8, Y(p.y) - 6, p.label, { "font-size": 10 });
    }
    container.replaceChildren(svg); return svg;
  }
  /* bars: [{label, value, lo, hi, value2}] horizontal, with an interval whisker. */
  function bars(container, opts) {
    const B = opts.bars, rowH = 26, W = 860, m = { l: 230, r: 30, t: 28, b: 30 };
    const H = m.t + m.b + rowH * B.length;
    const vals = B.flatMap(b => [b.value, b.lo, b.hi, b.value2, 0]).filter(ok);
    let [v0, v1] = [Math.min(...vals), Math.max(...vals)]; if (v0 === v1) v1 = v0 + 1;
    const X = v => m.l + (v - v0) / (v1 - v0) * (W - m.l - m.r);
    const { svg, add, text } = svgOf(W, H);
    Herz.describe(svg, opts.title || "bar chart", opts.desc || "Bar chart: " + B.map(b => `${b.label} ${Herz.fmt(b.value)}` + (ok(b.lo) && ok(b.hi) ? ` [${Herz.fmt(b.lo)}, ${Herz.fmt(b.hi)}]` : "")).join("; ") + ".");
    if (opts.title) text(m.l, 16, opts.title, { "font-size": 13, "font-weight": 600 });
    for (const v of ticks(v0, v1, 8)) { add("line", { x1: X(v), x2: X(v), y1: m.t, y2: H - m.b, stroke: "#eceef3" }); text(X(v), H - m.b + 14, Herz.fmt(v), { "text-anchor": "middle" }); }
    B.forEach((b, i) => {
      const y = m.t + i * rowH;
      text(m.l - 8, y + rowH / 2 + 4, b.label, { "text-anchor": "end" });
      if (ok(b.value)) add("rect", { class: "bar", x: Math.min(X(0), X(b.value)), y: y + 4, width: Math.abs(X(b.value) - X(0)), height: rowH / (ok(b.value2) ? 2.6 : 1.6), fill: "#9fb7e3" });
      if (ok(b.value2)) add("rect", { class: "bar2", x: Math.min(X(0), X(b.value2)), y: y + 4 + rowH / 2.6, width: Math.abs(X(b.value2) - X(0)), height: rowH / 2.6, fill: "#e3b49f" });
      if (ok(b.lo) && ok(b.hi)) add("line", { x1: X(b.lo), x2: X(b.hi), y1: y + rowH / 2, y2: y + rowH / 2, stroke: "#334", "stroke-width": 1.5 });
    });
    if (opts.legend) opts.legend.forEach((s, k) => text(W - m.r - 200 + 110 * k, 16, s, { fill: k ? "#b0704f" : "#4b6fae" }));
    container.replaceChildren(svg); return svg;
  }
  /* A heatmap of z[i][j] over x levels (columns) and y levels (rows). */
  function heatmap(container, opts) {
    const xs = opts.x, ys = opts.y, z = opts.z;
    const W = 860, m = { l: 90, r: 120, t: 28, b: 48 }, cw = (W - m.l - m.r) / xs.length;
    const ch = Math.min(40, Math.max(16, 320 / ys.length)), H = m.t + m.b + ch * ys.length;
    const vals = z.flat().filter(ok);
    const lo = vals.length ? Math.min(...vals) : 0, hi = vals.length ? Math.max(...vals) : 1;
    const color = v => {
      if (!ok(v)) return "#eee";
      const t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
      return `rgb(${Math.round(250 - 60 * t)},${Math.round(245 - 190 * t)},${Math.round(235 - 200 * t)})`;
    };
    const { svg, add, text } = svgOf(W, H);
    svg.setAttribute("class", "heat");
    Herz.describe(svg, opts.title || "heatmap", opts.desc || `Heatmap of ${opts.metric} over ${opts.xlabel} (columns) and ${opts.ylabel} (rows), from ${Herz.fmt(lo)} to ${Herz.fmt(hi)}.`);
    if (opts.title) text(m.l, 16, opts.title, { "font-size": 13, "font-weight": 600 });
    xs.forEach((xv, i) => ys.forEach((yv, j) => {
      const r = add("rect", { class: "cell", x: m.l + i * cw, y: m.t + (ys.length - 1 - j) * ch, width: cw - 1, height: ch - 1, fill: color(z[i][j]) });
      const t = document.createElementNS(NS, "title"); t.textContent = `${opts.xlabel}=${Herz.fmt(xv)}, ${opts.ylabel}=${Herz.fmt(yv)}: ${Herz.fmt(z[i][j])}`; r.append(t);
      if (xs.length <= 12 && ys.length <= 16) text(m.l + i * cw + cw / 2, m.t + (ys.length - 1 - j) * ch + ch / 2 + 4, Herz.fmt(z[i][j], 2), { "text-anchor": "middle", "font-size": 10 });
    }));
    xs.forEach((xv, i) => text(m.l + i * cw + cw / 2, H - m.b + 14, Herz.fmt(xv), { "text-anchor": "middle" }));
    ys.forEach((yv, j) => text(m.l - 6, m.t + (ys.length - 1 - j) * ch + ch / 2 + 4, Herz.fmt(yv), { "text-anchor": "end" }));
    text((m.l + W - m.r) / 2, H - 8, opts.xlabel, { "text-anchor": "middle" });
    text(14, m.t + (H - m.t - m.b) / 2, opts.ylabel, { transform: `rotate(-90 14 ${m.t + (H - m.t - m.b) / 2})`, "text-anchor": "middle" });
    text(W - m.r + 10, m.t + 12, `${opts.metric}: ${Herz.fmt(lo)}`, { fill: "#666" });
    add("rect", { x: W - m.r + 10, y: m.t + 18, width: 14, height: 14, fill: color(lo) });
    add("rect", { x: W - m.r + 10, y: m.t + 36, width: 14, height: 14, fill: color(hi) });
    text(W - m.r + 28, m.t + 47, `to ${Herz.fmt(hi)}`, { fill: "#666" });
    container.replaceChildren(svg); return svg;
  }
  return { scatter, bars, heatmap };
})();
