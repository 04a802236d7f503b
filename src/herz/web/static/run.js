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
    const rows = RunView.metricRows(s.metrics).map(([m, k, iv]) => [m, k, Herz.interval(iv)]);
    const box = document.getElementById("run-metrics");
    box.replaceChildren(Herz.el("p", { class: "note", text: `${Math.round(100 * s.confidence)}% intervals (Wilson for probabilities, Student-t for means) over ${s.runs} runs; seed ${s.seed}; herz ${s.herz_version}.` }),
      Herz.table(rows, ["metric", "actor / pair", "estimate [interval]"]));
    holderSel.replaceChildren(...info.actors.map(a => Herz.el("option", { text: a })));
    files(info);
    draw();
  }
  async function draw() {
    const variable = varSel.value;
    const pair = RunView.PAIR.includes(variable);
    document.getElementById("run-holder-label").hidden = !pair;
    const q = pair ? `?actor=${encodeURIComponent(holderSel.value)}` : "";
    try {
      const traj = await Herz.api("GET", `/api/runs/${run.id}/trajectories/${variable}${q}`);
      Herz.plot(document.getElementById("run-plot"), {
        series: RunView.series(traj, "", ""), xlabel: "step", ylabel: variable,
        title: `${variable}: median and 5–95% band of ${traj.n_kept} kept runs`,
      });
    } catch (e) { errBox.textContent = e.message; }
  }
  varSel.addEventListener("change", draw);
  holderSel.addEventListener("change", draw);
  document.getElementById("re-run").addEventListener("click", async () => {
    try {
      const toml = await (await fetch(`/api/runs/${run.id}/files/scenario.toml`)).text();
      const set = document.getElementById("re-set").value.trim();
      const next = await Herz.api("POST", "/api/runs", {
        toml, overrides: set ? [set] : [], seed: Number(document.getElementById("re-seed").value),
        runs: Number(document.getElementById("re-runs").value), steps: run.steps, keep: run.keep,
      });
      window.location.href = next.page;
    } catch (e) { errBox.textContent = e.message; }
  });
  poll();
})();
