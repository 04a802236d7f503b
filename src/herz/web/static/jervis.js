"use strict";
/* Jervis explorable: sliders -> POST /api/models/jervis -> game, equilibria, thresholds, map. */
(() => {
  const schema = JSON.parse(document.getElementById("schema").textContent);
  const result = document.getElementById("jer-result");
  const CLASS_COLORS = { stag_hunt: "#9fd3a8", prisoners_dilemma: "#e9a3a0", harmony: "#a9c6ee", chicken: "#f3d18a", deadlock: "#c9a6dd", other: "#ddd" };
  let seq = 0;
  Herz.sliders(document.getElementById("jer-form"), schema, async values => {
    const my = ++seq;
    let r;
    try { r = await Herz.api("POST", "/api/models/jervis", values); }
    catch (e) { result.replaceChildren(Herz.el("p", { class: "error", text: e.message })); return; }
    if (my !== seq) return;
    const p = r.payoffs;
    const eqs = r.equilibria.map(e => `${e.kind}: P(C) row ${Herz.fmt(e.p_row_c)}, col ${Herz.fmt(e.p_col_c)}, payoff ${Herz.fmt(e.payoff_row)}`);
    result.replaceChildren(
      Herz.el("p", { class: "big", id: "jer-class", text: `${r.game_class.replaceAll("_", " ")} — world ${r.world.number}: ${r.world.label}` }),
      Herz.table([["C (restraint)", Herz.fmt(p.R), Herz.fmt(p.S)], ["D (offence)", Herz.fmt(p.T), Herz.fmt(p.P)]], ["row \\ col", "C", "D"]),
      Herz.table([
        ["effective offence e = o(1 − d)", Herz.fmt(r.effective_offense)], ["ranking", r.ranking],
        ["trust needed to cooperate", r.trust_threshold === null ? "none suffices (D dominant)" : Herz.fmt(r.trust_threshold)],
        ["δ for grim trigger", Herz.fmt(r.grim_threshold)], ["δ for TIT FOR TAT", r.tft_threshold === null ? "never" : Herz.fmt(r.tft_threshold)],
        [`cooperation at δ = ${Herz.fmt(values.delta)}`, `grim ${Herz.fmt(r.sustains.grim)}, TFT ${Herz.fmt(r.sustains.tft)}`],
        ["Nash equilibria", eqs.join("; ")],
      ], ["quantity", "value"]));
    drawMap(r, values);
  });
  function drawMap(r, values) {
    const W = 520, H = 460, m = { l: 60, r: 20, t: 20, b: 50 }, map = r.map, n = map.offense_advantage.length;
    const NS = "http://www.w3.org/2000/svg", svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H + 40}`);
    const add = (tag, a) => { const e = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(a)) e.setAttribute(k, v); svg.append(e); return e; };
    const cw = (W - m.l - m.r) / n, ch = (H - m.t - m.b) / n;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const cls = map.game_class[i][j];
      const cell = add("rect", { x: m.l + j * cw, y: H - m.b - (i + 1) * ch, width: cw + .5, height: ch + .5, fill: CLASS_COLORS[cls] || "#ddd", class: "cell" });
      const t = document.createElementNS(NS, "title"); t.textContent = `o=${Herz.fmt(map.offense_advantage[j])}, d=${Herz.fmt(map.distinguishability[i])}: ${cls}, trust ${Herz.fmt(map.trust_threshold[i][j])}`; cell.append(t);
    }
    const px = m.l + values.offense_advantage * (W - m.l - m.r), py = H - m.b - values.distinguishability * (H - m.t - m.b);
    add("circle", { cx: px, cy: py, r: 7, fill: "none", stroke: "#000", "stroke-width": 2, id: "jer-point" });
    const label = (x, y, s, extra = {}) => { const t = add("text", { x, y, "font-size": 12, fill: "#333", ...extra }); t.textContent = s; };
    label((m.l + W - m.r) / 2, H - m.b + 30, "offence advantage o →", { "text-anchor": "middle" });
    label(16, (m.t + H - m.b) / 2, "distinguishability d →", { transform: `rotate(-90 16 ${(m.t + H - m.b) / 2})`, "text-anchor": "middle" });
    let lx = m.l;
    for (const [cls, color] of Object.entries(CLASS_COLORS)) {
      if (!map.game_class.some(row => row.includes(cls))) continue;
      add("rect", { x: lx, y: H + 12, width: 12, height: 12, fill: color }); label(lx + 16, H + 22, cls.replaceAll("_", " ")); lx += 140;
    }
    document.getElementById("jer-map").replaceChildren(svg);
  }
})();
