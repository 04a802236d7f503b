"use strict";
/* Richardson explorable: sliders -> POST /api/models/richardson -> regime, equilibrium, plots. */
(() => {
  const schema = JSON.parse(document.getElementById("schema").textContent);
  const result = document.getElementById("rich-result");
  let seq = 0;
  Herz.sliders(document.getElementById("rich-form"), schema, async values => {
    const my = ++seq;
    let r;
    try { r = await Herz.api("POST", "/api/models/richardson", values); }
    catch (e) { result.replaceChildren(Herz.el("p", { class: "error", text: e.message })); return; }
    if (my !== seq) return;
    const eq = r.equilibrium ? `(${Herz.fmt(r.equilibrium[0])}, ${Herz.fmt(r.equilibrium[1])})` : "none";
    const lr = r.long_run ? `(${Herz.fmt(r.long_run[0])}, ${Herz.fmt(r.long_run[1])})` : "none (arms run away)";
    // the words come from the computed dynamics: Richardson's regime for the differential
    // equations, the eigenvalues of I + A for the yearly steps (Elaydi 2005)
    const mus = r.discrete_eigenvalues.map(v => Herz.fmt(v)).join(" and ");
    const yearly = {
      monotone_convergence: "settle smoothly at the balance",
      oscillating_convergence: "settle at the balance while zig-zagging: each year's reaction overshoots",
      monotone_divergence: "run away from the balance",
      oscillating_divergence: "zig-zag ever wider: each year's reaction overshoots more",
      neutral: "neither settle nor run away",
    }[r.discrete_dynamics];
    const why = r.discrete_dynamics.startsWith("oscillating") ? "one is negative, so the deviation changes sign every year"
      : (r.discrete_dynamics === "monotone_convergence" ? "both lie between 0 and 1" : "");
    result.replaceChildren(
      Herz.el("p", { class: "big", id: "rich-regime", text: `Continuous race (the solid lines): ${(r.regime || "singular").replaceAll("_", " ")}` }),
      Herz.el("p", { class: "big", id: "rich-yearly", text: `Yearly steps (the dotted lines): arms ${yearly}.` }),
      Herz.el("p", { class: "note", id: "rich-why", text: `Eigenvalues of the yearly map I + A: ${mus}${why ? ` (${why})` : ""}; from Elaydi 2005, linear difference systems.` }),
      Herz.table([
        ["ab − kl", Herz.fmt(r.determinant)], ["stable (ab > kl)", Herz.fmt(r.stable)],
        ["equilibrium (x*, y*)", eq], ["long run of non-negative arms", lr],
        ["eigenvalues", r.eigenvalues.map(v => Herz.fmt(v)).join(", ")],
        ["yearly map spectral radius", `${Herz.fmt(r.discrete_spectral_radius)} (${r.discrete_stable ? "stable" : "unstable"})`],
        ["yearly map eigenvalues (of I + A)", mus],
      ], ["quantity", "value"]),
      r.note ? Herz.el("p", { class: "note", text: r.note }) : "");
    const t = r.trajectory, m = r.yearly_map;
    const hl = r.equilibrium && r.stable ? [{ y: r.long_run ? r.long_run[0] : null, label: "x long run" }, { y: r.long_run ? r.long_run[1] : null, label: "y long run" }] : [];
    Herz.plot(document.getElementById("rich-plot"), {
      title: "Arms over time: differential equations (solid) and yearly map (dots)", xlabel: "years", ylabel: "arms",
      series: [{ name: "x", x: t.t, y: t.x, color: Herz.COLORS[0] }, { name: "y", x: t.t, y: t.y, color: Herz.COLORS[1] },
               { name: "x yearly", x: m.t, y: m.x, color: Herz.COLORS[0], dash: "2 4" }, { name: "y yearly", x: m.t, y: m.y, color: Herz.COLORS[1], dash: "2 4" }],
      hlines: hl,
    });
    Herz.plot(document.getElementById("rich-phase"), {
      title: "Phase path: y against x", xlabel: "x", ylabel: "y", height: 260,
      series: [{ name: "path", x: t.x, y: t.y, color: Herz.COLORS[3] }],
    });
  });
})();
