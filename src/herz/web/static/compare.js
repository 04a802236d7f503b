"use strict";
/* Two runs side by side: metrics of both with the difference, and overlaid trajectories. */
(() => {
  const $ = id => document.getElementById(id);
  async function go() {
    const a = $("cmp-a").value, b = $("cmp-b").value;
    $("cmp-error").textContent = "";
    if (!a || !b) return;
    history.replaceState(null, "", `/compare?a=${a}&b=${b}`);
    try {
      // wait for runs still working (a case's factual and counterfactual start together)
      for (;;) {
        const [ra, rb] = await Promise.all([Herz.api("GET", `/api/runs/${a}`), Herz.api("GET", `/api/runs/${b}`)]);
        const bad = [ra, rb].find(r => r.status === "failed");
        if (bad) throw new Error(`run ${bad.id.slice(0, 8)} failed: ${bad.error}`);
        if (ra.status === "done" && rb.status === "done") break;
        $("cmp-note").textContent = `waiting for the runs: A ${ra.status} ${(100 * ra.progress).toFixed(0)}%, B ${rb.status} ${(100 * rb.progress).toFixed(0)}%`;
        await new Promise(res => setTimeout(res, 500));
      }
      const cmp = await Herz.api("GET", `/api/compare?a=${a}&b=${b}`);
      $("cmp-note").textContent = `A: ${cmp.a.scenario_name}, seed ${cmp.a.seed}; B: ${cmp.b.scenario_name}, seed ${cmp.b.seed}. ` +
        (cmp.same_scenario ? "Same scenario." : "Different scenarios.") + (cmp.same_seed ? " Same seed." : " Different seeds.");
      const rows = cmp.metrics.map(r => [r.metric, r.key || "", Herz.interval(r.a), Herz.interval(r.b), Herz.fmt(r.difference)]);
      $("cmp-metrics").replaceChildren(Herz.table(rows, ["metric", "actor / pair", "A", "B", "B − A"]));
      const variable = $("cmp-variable").value;
      const pair = RunView.PAIR.includes(variable);
      const q = pair ? `?actor=${encodeURIComponent(cmp.a.actors[0])}` : "";
      const [ta, tb] = await Promise.all([
        Herz.api("GET", `/api/runs/${a}/trajectories/${variable}${q}`),
        Herz.api("GET", `/api/runs/${b}/trajectories/${variable}${pair && cmp.b.actors.includes(cmp.a.actors[0]) ? q : ""}`),
      ]);
      Herz.plot($("cmp-plot"), {
        series: RunView.series(ta, "(A)", "").concat(RunView.series(tb, "(B)", "6 4")),
        xlabel: "step", ylabel: variable, title: `${variable}: A solid, B dashed (median and 5–95% band)`,
      });
    } catch (e) { $("cmp-error").textContent = e.message; }
  }
  $("cmp-go").addEventListener("click", go);
  $("cmp-variable").addEventListener("change", go);
  if ($("cmp-a").value && $("cmp-b").value) go();
})();
