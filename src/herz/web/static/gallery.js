"use strict";
/* Gallery: run an example at once with the chosen runs and seed, then open the run's page. */
document.querySelectorAll("button.run-example").forEach(btn => btn.addEventListener("click", async () => {
  btn.disabled = true;
  const err = document.getElementById("g-error");
  err.textContent = "";
  try {
    const run = await Herz.api("POST", "/api/runs", {
      example: btn.dataset.example,
      runs: Number(document.getElementById("g-runs").value),
      seed: Number(document.getElementById("g-seed").value),
    });
    window.location.href = run.page;
  } catch (e) { err.textContent = e.message; btn.disabled = false; }
}));
