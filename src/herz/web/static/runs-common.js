"use strict";
/* Shared by the run and compare pages: series of quantile bands, and flattened metrics. */
const RunView = {
  PAIR: ["belief", "threat", "first_strike", "second_strike"],
  series(traj, tag, dash, colorOffset = 0, palette = Herz.COLORS) {
    const out = [];
    traj.series.forEach((s, k) => {
      const name = (s.other ? `${s.actor}→${s.other}` : s.actor) + (tag ? ` ${tag}` : "");
      const color = palette[(k + colorOffset) % palette.length];
      out.push({ name, color, x: s.step, y: s.q50, lo: s.q05, hi: s.q95, dash });
      out.push({ name: name + " mean", color, x: s.step, y: s.mean, dash: "2 3", width: 1 });
    });
    return out;
  },
  /* "from all N runs" or "from N kept runs (of M)": where a band comes from, plainly. */
  bandSource(nKept, nRuns) {
    return nKept >= nRuns ? `all ${nRuns} runs` : `${nKept} kept runs (of ${nRuns}; the mean line is over all ${nRuns})`;
  },
  /* The x axis of a run: steps, or calendar years where the scenario has a start year. */
  xaxis(scenario) {
    if (scenario && scenario.start_year !== null && scenario.start_year !== undefined) {
      const y0 = scenario.start_year, dy = scenario.step_years || 1;
      return { label: "year", map: s => y0 + s * dy, int: Number.isInteger(y0) && Number.isInteger(dy) };
    }
    return { label: "step", map: s => s, int: true };
  },
  metricRows(metrics) {
    const rows = [];
    for (const [metric, v] of Object.entries(metrics)) {
      if ("estimate" in v) rows.push([metric, "", v]);
      else for (const [k, iv] of Object.entries(v)) rows.push([metric, k, iv]);
    }
    return rows;
  },
};
