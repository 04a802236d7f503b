"use strict";
/* A case's page: its observed spending, and a factual and a counterfactual run compared. */
(() => {
  const data = JSON.parse(document.getElementById("case-data").textContent);
  const $ = id => document.getElementById(id);
  const series = Object.entries(data.observed.spending).map(([name, s]) => ({ name, x: s.year, y: s.value }));
  Herz.plot($("case-spending"), { series, xlabel: "year", xint: true, ylabel: "spending (GDP units)", title: "Observed military spending" });
  const controlOf = path => ({ runs: $("case-runs"), seed: $("case-seed"), counterfactual: $("case-cf") }[path] || null);
  $("case-go").addEventListener("click", async () => {
    $("case-error").textContent = "";
    Herz.clearErrors(document.querySelector("main"));
    try {
      const r = await Herz.api("POST", `/api/cases/${data.name}/compare`, {
        counterfactual: $("case-cf").value, runs: Number($("case-runs").value), seed: Number($("case-seed").value) });
      window.location.href = r.compare;
    } catch (e) { Herz.showError(e, controlOf, $("case-error")); }
  });
})();
