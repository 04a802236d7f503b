"use strict";
/* A sweep's page: progress, then its heatmap (2-parameter grids), Sobol or Morris bars, PRIM
   boxes, fixed summaries and read-only SQL. */
(() => {
  const sweep = JSON.parse(document.getElementById("sw-data").textContent);
  const $ = id => document.getElementById(id);
  const bar = document.querySelector("#sw-progress .bar");
  const label = document.querySelector("#sw-progress .label");
  let analysis = null;
  async function poll() {
    let info;
    try { info = await Herz.api("GET", `/api/sweeps/${sweep.id}`); }
    catch (e) { $("sw-error").textContent = e.message; return; }
    const busy = info.status === "queued" || info.status === "running";
    $("sw-progress").classList.toggle("busy", busy && info.progress === null);
    bar.style.width = (100 * (info.progress || 0)).toFixed(1) + "%";
    label.textContent = busy ? `${info.stage}${info.total_units ? ` · ${info.done_units} of ${info.total_units} points` : ""}` : info.status;
    if (info.status === "failed") { $("sw-error").textContent = info.error || "the sweep failed"; return; }
    if (busy) { setTimeout(poll, 500); return; }
    analysis = info.analysis;
    $("sw-result").hidden = false;
    $("sw-files").replaceChildren(...Object.entries(info.files).map(([n, href]) => Herz.el("li", {}, Herz.el("a", { href, download: "", text: n }))));
    draw(); summary();
  }
  function draw() {
    const m = $("sw-metric").value, box = $("sw-charts");
    box.replaceChildren();
    const div = cls => { const d = Herz.el("div", { class: "plot fit " + cls }); box.append(d); return d; };
    const g = analysis.grid;
    if (g && g.maps && g.maps[m]) {
      Charts.heatmap(div("heat-plot"), { x: g.x_levels, y: g.y_levels, z: g.maps[m], xlabel: g.x, ylabel: g.y, metric: m, title: `${m} over ${g.x} × ${g.y}` });
    }
    const names = analysis.parameters;
    if (analysis.sobol && analysis.sobol[m]) {
      const s = analysis.sobol[m];
      Charts.bars(div("sobol-plot"), { title: `Sobol indices of ${m}: first order (blue) and total (orange), with 95% intervals of S1`,
        bars: names.map((n, i) => ({ label: n, value: s.S1[i], lo: s.S1[i] - s.S1_conf[i], hi: s.S1[i] + s.S1_conf[i], value2: s.ST[i] })) });
    }
    if (analysis.morris && analysis.morris[m]) {
      const s = analysis.morris[m];
      Charts.bars(div("morris-plot"), { title: `Morris screening of ${m}: mu* (blue, with interval) and sigma (orange)`,
        bars: names.map((n, i) => ({ label: n, value: s.mu_star[i], lo: s.mu_star[i] - s.mu_star_conf[i], hi: s.mu_star[i] + s.mu_star_conf[i], value2: s.sigma[i] })) });
    }
    const p = analysis.prim;
    const primBox = $("sw-prim");
    if (p && p.boxes) {
      const rows = [];
      p.boxes.forEach((b, k) => { for (const [n, [lo, hi]] of Object.entries(b.limits)) if (b.restricted.includes(n)) rows.push([`box ${k + 1}`, n, `${Herz.fmt(lo)} to ${Herz.fmt(hi)}`, Herz.fmt(b.coverage), Herz.fmt(b.density), Herz.fmt(b.support)]); });
      primBox.replaceChildren(Herz.el("h2", { text: "Scenario discovery (PRIM)" }),
        Herz.el("p", { class: "note", text: `Cases of interest: ${p.metric} > ${Herz.fmt(p.threshold)} (${p.cases} of ${p.points} points).` }),
        rows.length ? Herz.table(rows, ["box", "parameter", "range", "coverage", "density", "support"]) : Herz.el("p", { text: "No box restricts any parameter." }));
    } else primBox.replaceChildren();
  }
  function table(res) {
    const t = Herz.table(res.rows.map(r => r.map(v => Herz.fmt(v, 4))), res.columns);
    return res.truncated ? [t, Herz.el("p", { class: "note", text: "truncated" })] : [t];
  }
  async function summary() {
    const m = $("sw-metric").value, kind = $("sw-summary").value;
    try {
      const s = await Herz.api("GET", `/api/sweeps/${sweep.id}/summary?metric=${m}&kind=${kind}`);
      const out = $("sw-summary-out");
      if (kind === "by-parameter") {
        out.replaceChildren(...Object.entries(s.parameters).flatMap(([p, res]) => [Herz.el("h3", { text: p }), ...table(res)]));
      } else out.replaceChildren(...table(s));
    } catch (e) { $("sw-error").textContent = e.message; }
  }
  $("sw-metric").addEventListener("change", () => { draw(); summary(); });
  $("sw-summary").addEventListener("change", summary);
  $("sw-run-sql").addEventListener("click", async () => {
    $("sw-error").textContent = "";
    try { const res = await Herz.api("POST", `/api/sweeps/${sweep.id}/query`, { sql: $("sw-sql").value }); $("sw-sql-out").replaceChildren(...table(res)); }
    catch (e) { $("sw-sql-out").replaceChildren(Herz.el("p", { class: "error", text: e.message })); }
  });
  poll();
})();
