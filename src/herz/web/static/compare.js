"use strict";
/* Two runs side by side: metrics of both with the difference, and overlaid trajectories. */
(() => {
  const $ = id => document.getElementById(id);
  const OBSERVED = ["#333a48", "#5c4b00", "#4a4a4a", "#3d2b56"];  // dark, apart from both palettes
  let picked = false;  // did the user choose the variable?
  const show = v => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));
  async function go() {
    const a = $("cmp-a").value, b = $("cmp-b").value;
    $("cmp-error").textContent = "";
    if (!a || !b) return;
    history.replaceState(null, "", `/compare?a=${a}&b=${b}`);
    try {
      // wait for runs still working (a case's factual and counterfactual start together)
      let ra, rb;
      for (;;) {
        [ra, rb] = await Promise.all([Herz.api("GET", `/api/runs/${a}`), Herz.api("GET", `/api/runs/${b}`)]);
        const bad = [ra, rb].find(r => r.status === "failed");
        if (bad) throw new Error(`run ${bad.id.slice(0, 8)} failed: ${bad.error}`);
        if (ra.status === "done" && rb.status === "done") break;
        $("cmp-note").textContent = `waiting for the runs: A ${ra.status} ${(100 * ra.progress).toFixed(0)}%, B ${rb.status} ${(100 * rb.progress).toFixed(0)}%`;
        await new Promise(res => setTimeout(res, 500));
      }
      const cmp = await Herz.api("GET", `/api/compare?a=${a}&b=${b}`);
      const diffs = cmp.differences || [];
      // a case's runs are named factual / counterfactual NAME; others A and B
      const tagOf = (r, which) => (r.tags && r.tags.branch) ? r.tags.branch : which;
      const tagA = tagOf(ra, "A"), tagB = tagOf(rb, "B");
      $("cmp-note").textContent = `A: ${cmp.a.label}. B: ${cmp.b.label}. ` +
        (cmp.same_scenario ? "Same scenario." : `The scenarios differ in ${diffs.length} field${diffs.length === 1 ? "" : "s"} (listed below).`) + (cmp.same_seed ? " Same seed: run r of A and run r of B share their chance events." : " Different seeds.");
      const dl = $("cmp-diffs");
      if (dl) {
        dl.replaceChildren(...(diffs.length ? [Herz.table(diffs.map(d => [d.path, show(d.a), show(d.b)]), ["field", `A (${tagA})`, `B (${tagB})`])] : [Herz.el("p", { text: "The two scenarios are the same." })]));
      }
      const rows = cmp.metrics.map(r => {
        const t = Herz.term(r.metric), di = r.difference_interval;
        return [t.label, r.key || "", Herz.interval(r.a), Herz.interval(r.b), di ? Herz.interval(di) : "n/a", t.unit];
      });
      $("cmp-metrics").replaceChildren(Herz.table(rows, ["result", "actor / pair", `A: ${tagA}`, `B: ${tagB}`, "B − A [approx. 95% interval]", "unit"]));
      const caseName = (ra.tags && ra.tags.case) || (rb.tags && rb.tags.case) || null;
      if (caseName && !picked) $("cmp-variable").value = "spending";  // a case: beside what was observed
      const variable = $("cmp-variable").value;
      const pair = RunView.PAIR.includes(variable);
      const q = pair ? `?actor=${encodeURIComponent(cmp.a.actors[0])}` : "";
      const [ta, tb] = await Promise.all([
        Herz.api("GET", `/api/runs/${a}/trajectories/${variable}${q}`),
        Herz.api("GET", `/api/runs/${b}/trajectories/${variable}${pair && cmp.b.actors.includes(cmp.a.actors[0]) ? q : ""}`),
      ]);
      const t = Herz.term(variable);
      // the x axis in the scenario's years where it has a start year (a case does)
      const axA = RunView.xaxis(ra.summary && ra.summary.scenario), axB = RunView.xaxis(rb.summary && rb.summary.scenario);
      const onAxis = (list, ax) => list.map(sr => ({ ...sr, x: sr.x.map(ax.map) }));
      let series = onAxis(RunView.series(ta, `(${tagA})`, "", 0, Herz.PALETTE_A), axA)
        .concat(onAxis(RunView.series(tb, `(${tagB})`, "6 4", 0, Herz.PALETTE_B), axB));
      let observedNote = "";
      if (caseName && variable === "spending" && axA.label === "year") {
        const detail = await Herz.api("GET", `/api/cases/${encodeURIComponent(caseName)}`);
        const spent = detail.observed.spending;
        series = series.concat(Object.keys(spent).map((actor, k) => ({
          name: `${actor}, observed`, color: OBSERVED[k % OBSERVED.length], dash: "1 3", width: 2.5,
          x: spent[actor].year, y: spent[actor].value })));
        observedNote = ` Dotted: observed spending (${detail.observed.dataset}).`;
      }
      const sources = ta.q_runs === tb.q_runs && ta.n_runs === tb.n_runs ? RunView.bandSource(ta.q_runs, ta.n_runs) : `A: ${RunView.bandSource(ta.q_runs, ta.n_runs)}; B: ${RunView.bandSource(tb.q_runs, tb.n_runs)}`;
      Herz.plot($("cmp-plot"), {
        series, xlabel: axA.label, xint: axA.int && axB.int, ylabel: `${t.label} (${t.unit})`,
        title: `${t.label}: ${tagA} solid, ${tagB} dashed (median and 5–95% band of ${sources})`,
      });
      $("cmp-plot-note").textContent = `Solid: A (${cmp.a.label}); dashed: B (${cmp.b.label}).` + observedNote;
    } catch (e) { $("cmp-error").textContent = e.message; }
  }
  $("cmp-go").addEventListener("click", go);
  $("cmp-variable").addEventListener("change", () => { picked = true; go(); });
  if ($("cmp-a").value && $("cmp-b").value) go();
})();
