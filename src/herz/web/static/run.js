"use strict";
/* A run's page: poll its progress, then show its metrics, plots and downloads. */
(() => {
  const run = JSON.parse(document.getElementById("run-data").textContent);
  const bar = document.querySelector("#run-progress .bar");
  const label = document.querySelector("#run-progress .label");
  const errBox = document.getElementById("run-error");
  const varSel = document.getElementById("run-variable");
  const holderSel = document.getElementById("run-holder");

  async function poll() {
    let info;
    try { info = await Herz.api("GET", `/api/runs/${run.id}`); }
    catch (e) { errBox.textContent = e.message; return; }
    bar.style.width = (100 * info.progress).toFixed(1) + "%";
    label.textContent = `${info.status} ${(100 * info.progress).toFixed(0)}%`;
    if (info.status === "failed") { errBox.textContent = info.error || "the run failed"; return; }
    if (info.status !== "done") { setTimeout(poll, 400); return; }
    if (!info.report) setTimeout(refreshFiles, 3000);
    show(info);
  }
  async function refreshFiles() {
    const info = await Herz.api("GET", `/api/runs/${run.id}`);
    files(info);
    if (!info.report) setTimeout(refreshFiles, 3000);
  }
  function files(info) {
    const ul = document.getElementById("run-files");
    ul.replaceChildren(...Object.entries(info.files).map(([name, href]) =>
      Herz.el("li", {}, Herz.el("a", { href, download: "", text: name }))));
  }
  function show(info) {
    document.getElementById("run-result").hidden = false;
    const s = info.summary;
    const rows = RunView.metricRows(s.metrics).map(([m, k, iv]) => { const t = Herz.term(m); return [t.label, k, Herz.interval(iv), t.unit, t.meaning]; });
    const box = document.getElementById("run-metrics");
    if (s.takeaway) document.getElementById("run-takeaway").textContent = s.takeaway;
    scenario = s.scenario;
    box.replaceChildren(Herz.el("p", { class: "note", text: `${Math.round(100 * s.confidence)}% intervals (Wilson for probabilities, Student-t for means) over ${s.runs} runs; seed ${s.seed}; herz ${s.herz_version}.` }),
      Herz.table(rows, ["result", "actor / pair", "estimate [interval]", "unit", "what it means"]));
    holderSel.replaceChildren(...info.actors.map(a => Herz.el("option", { text: a })));
    files(info);
    draw();
  }
  let scenario = null;
  async function draw() {
    const variable = varSel.value;
    const pair = RunView.PAIR.includes(variable);
    document.getElementById("run-holder-label").hidden = !pair;
    const q = pair ? `?actor=${encodeURIComponent(holderSel.value)}` : "";
    try {
      const traj = await Herz.api("GET", `/api/runs/${run.id}/trajectories/${variable}${q}`);
      const ax = RunView.xaxis(scenario), t = Herz.term(variable);
      const series = RunView.series(traj, "", "").map(sr => ({ ...sr, x: sr.x.map(ax.map) }));
      Herz.plot(document.getElementById("run-plot"), {
        series, xlabel: ax.label, xint: ax.int, ylabel: `${t.label} (${t.unit})`,
        title: `${t.label}: median and 5–95% band of ${RunView.bandSource(traj.q_runs, traj.n_runs)}`,
      });
      document.getElementById("run-variable-help").textContent = `${t.label}: ${t.meaning}`;
      document.getElementById("run-band-note").textContent = traj.q_runs >= traj.n_runs
        ? `Solid: the median; band: 5–95% of all ${traj.n_runs} runs; dotted: the mean of all ${traj.n_runs} runs.`
        : `Solid: the median; band: 5–95% of the ${traj.q_runs} runs kept whole (of ${traj.n_runs}), so single runs can show as spikes; dotted: the mean of all ${traj.n_runs} runs.`;
    } catch (e) { errBox.textContent = e.message; }
  }
  varSel.addEventListener("change", draw);
  holderSel.addEventListener("change", draw);
  // the field an error names: seed, runs, or (anything of the scenario) the override box
  const againControl = path => {
    const ids = { seed: "re-seed", runs: "re-runs" };
    if (ids[path]) return document.getElementById(ids[path]);
    return ["steps", "keep"].includes(path) ? null : document.getElementById("re-set");
  };
  document.getElementById("re-run").addEventListener("click", async () => {
    Herz.clearErrors(document.getElementById("run-again"));
    errBox.textContent = "";
    try {
      const toml = await (await fetch(`/api/runs/${run.id}/files/scenario.toml`)).text();
      const set = document.getElementById("re-set").value.trim();
      const next = await Herz.api("POST", "/api/runs", {
        // the earlier overrides again (already in the text: they change nothing but the label)
        toml, overrides: (run.tags.overrides || []).concat(set ? [set] : []), seed: Number(document.getElementById("re-seed").value),
        runs: Number(document.getElementById("re-runs").value), steps: run.steps, keep: run.keep,
      });
      window.location.href = next.page;
    } catch (e) { Herz.showError(e, againControl, errBox); }
  });
  poll();
})();
