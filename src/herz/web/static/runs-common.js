"use strict";
/* Shared by the run and compare pages: series of quantile bands, and flattened metrics. */
const RunView = {
  PAIR: ["belief", "threat", "first_strike", "second_strike"],
  series(traj, tag, dash, colorOffset = 0) {
    const out = [];
    traj.series.forEach((s, k) => {
      const name = (s.other ? `${s.actor}→${s.other}` : s.actor) + (tag ? ` ${tag}` : "");
      const color = Herz.COLORS[(k + colorOffset) % Herz.COLORS.length];
      out.push({ name, color, x: s.step, y: s.q50, lo: s.q05, hi: s.q95, dash });
      out.push({ name: name + " mean", color, x: s.step, y: s.mean, dash: "2 3", width: 1 });
    });
    return out;
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
