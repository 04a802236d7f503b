"use strict";
/* Two runs side by side: metrics of both with the difference, and overlaid trajectories. */
(() => {
  const $ = id => document.getElementById(id);
  const show = v => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));
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
      const diffs = cmp.differences || [];
      const label = (r, which) => `${r.scenario_name} · seed ${r.seed}` + (diffs.length ? " · " + diffs.slice(0, 3).map(d => (typeof d[which] === "number" || typeof d[which] === "boolean") ? `${d.path}=${Herz.fmt(d[which])}` : (d[which] ? `${d.path}: ${d[which]}` : `no ${d.path} entry ${d[which === "a" ? "b" : "a"]}`)).join(", ") + (diffs.length > 3 ? ` and ${diffs.length - 3} more` : "") : "");
      $("cmp-note").textContent = `A: ${label(cmp.a, "a")}. B: ${label(cmp.b, "b")}. ` +
        (cmp.same_scenario ? "Same scenario." : `The scenarios differ in ${diffs.length} field${diffs.length === 1 ? "" : "s"}.`) + (cmp.same_seed ? " Same seed: run r of A and run r of B share their chance events." : " Different seeds.");
      const dl = $("cmp-diffs");
      if (dl) {
        dl.replaceChildren(...(diffs.length ? [Herz.table(diffs.map(d => [d.path, show(d.a), show(d.b)]), ["field", "A", "B"])] : [Herz.el("p", { text: "The two scenarios are the same." })]));
      }
      const rows = cmp.metrics.map(r => {
        const t = Herz.term(r.metric), di = r.difference_interval;
        return [t.label, r.key || "", Herz.interval(r.a), Herz.interval(r.b), di ? Herz.interval(di) : "n/a", t.unit];
      });
      $("cmp-metrics").replaceChildren(Herz.table(rows, ["result", "actor / pair", "A", "B", "B − A [approx. 95% interval]", "unit"]));
      const variable = $("cmp-variable").value;
      const pair = RunView.PAIR.includes(variable);
      const q = pair ? `?actor=${encodeURIComponent(cmp.a.actors[0])}` : "";
      const [ta, tb] = await Promise.all([
        Herz.api("GET", `/api/runs/${a}/trajectories/${variable}${q}`),
        Herz.api("GET", `/api/runs/${b}/trajectories/${variable}${pair && cmp.b.actors.includes(cmp.a.actors[0]) ? q : ""}`),
      ]);
      const t = Herz.term(variable);
      Herz.plot($("cmp-plot"), {
        series: RunView.series(ta, "(A)", "", 0, Herz.PALETTE_A).concat(RunView.series(tb, "(B)", "6 4", 0, Herz.PALETTE_B)),
        xlabel: "step", xint: true, ylabel: `${t.label} (${t.unit})`,
        title: `${t.label}: A solid, B dashed (median and 5–95% band of ${RunView.bandSource(ta.n_kept, ta.n_runs)})`,
      });
    } catch (e) { $("cmp-error").textContent = e.message; }
  }
  $("cmp-go").addEventListener("click", go);
  $("cmp-variable").addEventListener("change", go);
  if ($("cmp-a").value && $("cmp-b").value) go();
})();
