"use strict";
/* A model page: levers, Run / Step / Go / Reset, one history revealed step by step, and the
   distribution over many runs beside it. The server runs the model once per lever setting
   (POST /api/lab/{model}); stepping reveals the first run's history here, frame by frame. */
(() => {
  const page = JSON.parse(document.getElementById("lab-data").textContent);
  const $ = id => document.getElementById(id);
  let data = null;       // the server's answer for the current levers
  let t = 0;             // frames shown: 0 .. steps
  let timer = null;      // the Go animation
  let pending = null;    // the request in flight
  const SPEED = 250;     // ms per step while going

  function values() {
    const out = {};
    for (const lv of page.levers) {
      const input = $(`lv-${lv.id}`);
      out[lv.id] = lv.choices ? input.value : Number(input.value);
    }
    return out;
  }
  function clearErrors() { $("lab-error").textContent = ""; Herz.clearErrors($("lab-levers")); }
  // the server names the field: values.<lever id>, seed or counterfactual
  const controlOf = path => {
    const m = /^values\.(.+)$/.exec(path);
    if (m) return $(`lv-${m[1]}`);
    return { seed: $("lab-seed"), counterfactual: $("lab-branch") }[path] || null;
  };
  function showError(err) { Herz.showError(err, controlOf, $("lab-error")); }
  async function load() {
    clearErrors();
    const body = { values: values(), seed: Number($("lab-seed").value) || 0 };
    if ($("lab-branch") && $("lab-branch").value) body.counterfactual = $("lab-branch").value;
    const mine = pending = Herz.api("POST", `/api/lab/${page.name}`, body);
    $("lab-clock").textContent = "running the model…";
    try {
      const answer = await mine;
      if (mine !== pending) return false;  // a later request replaced this one
      data = answer;
      t = Math.min(t, data.steps);
      return true;
    } catch (e) { if (mine === pending) { showError(e); $("lab-clock").textContent = "no result"; } return false; }
  }
  function xs() { return data.axis.x; }
  function label(i) {
    const x = xs()[i];
    return data.axis.calendar ? `year ${x}` : `step ${x}`;
  }
  function draw() {
    if (!data) return;
    const v = $("lab-var").value, info = data.series[v];
    $("lab-var-help").textContent = `${info.label}: ${info.meaning} Unit: ${info.unit}.` +
      (data.axis.calendar ? ` One step is ${data.axis.unit}.` : "");
    const x = xs(), xlabel = data.axis.label, yl = `${info.label} (${info.unit})`;
    const shown = data.actors.map((a, k) => ({
      name: a, color: Herz.COLORS[k % Herz.COLORS.length],
      x: x.slice(0, t + 1), y: data.history[v][a].slice(0, t + 1),
    }));
    const vlines = [];
    if (t > 0 && t < data.steps) vlines.push({ x: x[t], label: "now" });
    const war = data.history_war_step;
    if (war >= 0 && war < t) vlines.push({ x: x[war], label: "war" });
    let series = shown;
    if (v === "spending" && data.observed) {
      series = shown.concat(data.actors.filter(a => data.observed[a]).map(a => ({
        name: `${a}, observed`, color: Herz.COLORS[data.actors.indexOf(a) % Herz.COLORS.length], dash: "2 3", width: 1.5,
        x: data.observed[a].year, y: data.observed[a].value })));
    }
    const all = data.actors.flatMap(a => data.bands[v][a].q95.concat(data.bands[v][a].q05, data.history[v][a]));
    const ymin = Math.min(0, ...all), ymax = Math.max(...all, v === "security" || v === "war_hazard" || v === "alert" ? 1 : 0);
    Herz.plot($("lab-history"), {
      series, xlabel, ylabel: yl, xint: data.axis.integer, xmin: x[0], xmax: x[x.length - 1], ymin, ymax, vlines,
      title: `${info.label}: one history, ${t === 0 ? "at the start" : "up to " + label(t)}`,
    });
    Herz.plot($("lab-bands"), {
      series: data.actors.map((a, k) => ({
        name: a, color: Herz.COLORS[k % Herz.COLORS.length], x, y: data.bands[v][a].q50,
        lo: data.bands[v][a].q05, hi: data.bands[v][a].q95 })),
      xlabel, ylabel: yl, xint: data.axis.integer, ymin, ymax,
      title: `${info.label}: median and 5–95% band over all ${data.runs} runs`,
    });
    $("lab-bands-h").textContent = `Over all ${data.runs} runs`;
    $("lab-bands-note").textContent = `Line: the median of all ${data.runs} runs with seed ${data.seed}; band: 90% of the runs lie inside it. Each run draws its own incidents, misreadings and types.` +
      (data.counterfactual ? ` Counterfactual: ${data.counterfactual}.` : (page.case ? " Factual: the timeline as it happened." : ""));
    const at = data.steps === t ? "the end" : label(t);
    $("lab-clock").textContent = `${label(t)} (${t} of ${data.steps} steps)` + (war >= 0 && war < t ? ` · this history reached war at ${label(war)}` : "") + (t === data.steps ? " · finished" : "");
    $("lab-takeaway").textContent = data.takeaway;
    const rows = data.metrics.map(r => [r.label + (r.who ? ` (${r.who})` : ""), Herz.fmt(r.estimate) + (r.low !== null && r.high !== null ? ` [${Herz.fmt(r.low)}, ${Herz.fmt(r.high)}]` : ""), r.unit, r.meaning]);
    $("lab-metrics").replaceChildren(Herz.table(rows, ["result", "estimate [95% interval]", "unit", "what it means"]));
    void at;
  }
  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    $("lab-go").textContent = "Go"; $("lab-go").setAttribute("aria-pressed", "false");
  }
  async function ensure() { if (!data) return load(); return true; }
  $("lab-reset").addEventListener("click", async () => { stop(); t = 0; if (await load()) draw(); });
  $("lab-step").addEventListener("click", async () => {
    stop(); if (!(await ensure())) return;
    t = Math.min(data.steps, t + 1); draw();
  });
  $("lab-run").addEventListener("click", async () => { stop(); if (!(await ensure())) return; t = data.steps; draw(); });
  $("lab-go").addEventListener("click", async () => {
    if (timer) { stop(); return; }
    if (!(await ensure())) return;
    if (t >= data.steps) t = 0;
    $("lab-go").textContent = "Pause"; $("lab-go").setAttribute("aria-pressed", "true");
    timer = setInterval(() => { t = Math.min(data.steps, t + 1); draw(); if (t >= data.steps) stop(); }, SPEED);
  });
  const reload = Herz.debounce(async () => { if (await load()) draw(); }, 150);
  for (const lv of page.levers) {
    const input = $(`lv-${lv.id}`);
    input.addEventListener("input", () => {
      if (!lv.choices) $(`lv-${lv.id}-out`).textContent = Herz.fmt(Number(input.value));
      reload();
    });
  }
  $("lab-seed").addEventListener("change", reload);
  if ($("lab-branch")) $("lab-branch").addEventListener("change", reload);
  $("lab-var").addEventListener("change", draw);
  if (page.case) $("lab-var").value = "spending";  // a case: the model beside the observed spending
  window.addEventListener("resize", Herz.debounce(draw, 200));
  // Start with the whole first history shown (Reset goes back to the start).
  (async () => { if (await load()) { t = data.steps; draw(); } })();
})();
