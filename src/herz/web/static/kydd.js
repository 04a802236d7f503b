"use strict";
/* Kydd explorable: the spiral (with the game's minimum trust) and the reassurance game. */
(() => {
  const schemas = JSON.parse(document.getElementById("schemas").textContent);
  const $ = id => document.getElementById(id);
  let seqS = 0, seqR = 0;
  Herz.sliders($("ky-spiral-form"), schemas.spiral, async values => {
    const my = ++seqS;
    let s, g;
    try {
      const game = { c: values.c, t_secure: values.t_secure, t_greedy: values.t_greedy, q1: values.q1, q2: values.q2 };
      [s, g] = await Promise.all([Herz.api("POST", "/api/models/kydd/spiral", values), Herz.api("POST", "/api/models/kydd/game", game)]);
    } catch (e) { $("ky-spiral-result").replaceChildren(Herz.el("p", { class: "error", text: e.message })); return; }
    if (my !== seqS) return;
    const eqs = g.equilibria.map(e => `(${e.player1.join("")}, ${e.player2.join("")})${e.cooperative ? " cooperative" : ""}`);
    $("ky-spiral-result").replaceChildren(
      Herz.el("p", { class: "big", id: "ky-trust", text: `Minimum trust π = ${Herz.fmt(g.minimum_trust)}; cooperation at the priors: ${Herz.fmt(g.cooperation_possible)}` }),
      Herz.table([
        ["pure Bayesian equilibria (secure type, greedy type)", eqs.join("; ")],
        [`runs locked in mistrust in the last round (round ${values.rounds - 1}; the dashed line's end)`, Herz.fmt(s.share_locked_in)], ["seed", String(s.seed)],
      ], ["quantity", "value"]));
    // Cooperation needs BOTH beliefs to reach the minimum trust, so the plot shows the weaker
    // one: its median is below the line exactly when most runs are locked in (the table's share).
    const w = s.weaker_belief, b1 = s.belief_1_in_2, b2 = s.belief_2_in_1;
    const played = s.round.slice(0, -1);
    Herz.plot($("ky-spiral-plot"), {
      title: `The weaker of the two beliefs (median, 5–95% band over ${values.n_runs} runs) and the share of runs locked in mistrust`, xlabel: "round", ylabel: "belief / share of runs", ymin: 0, ymax: 1,
      series: [{ name: "weaker belief", x: s.round, y: w.q50, lo: w.q05, hi: w.q95 },
               { name: "1 about 2 (median)", x: s.round, y: b1.q50, color: Herz.COLORS[3], width: 1 },
               { name: "2 about 1 (median)", x: s.round, y: b2.q50, color: Herz.COLORS[4], width: 1, dash: "1 2" },
               { name: "share locked in", x: played, y: s.share_below_trust, color: Herz.COLORS[1], dash: "6 3", width: 2 }],
      hlines: [{ y: s.minimum_trust, label: "minimum trust" }],
    });
    $("ky-spiral-note").textContent = `Cooperation needs both beliefs at or above the minimum trust π = ${Herz.fmt(s.minimum_trust)}, so the weaker belief decides. ` +
      `In the last round ${Math.round(100 * s.share_locked_in)}% of runs had it below π (locked in mistrust), so its median is ${s.share_locked_in > 0.5 ? "below" : "at or above"} the line there.`;
  });
  Herz.sliders($("ky-re-form"), schemas.reassurance, async values => {
    const my = ++seqR;
    let r;
    try { r = await Herz.api("POST", "/api/models/kydd/reassurance", values); }
    catch (e) { $("ky-re-result").replaceChildren(Herz.el("p", { class: "error", text: e.message })); return; }
    if (my !== seqR) return;
    const x = r.result;
    const pbe = r.pure_equilibria.map(e => `signals (secure ${Herz.fmt(e.signals.secure)}, greedy ${Herz.fmt(e.signals.greedy)}) → trust (no signal ${Herz.fmt(e.trusts.no_signal)}, signal ${Herz.fmt(e.trusts.signal)})`);
    $("ky-re-result").replaceChildren(
      Herz.el("p", { class: "big", id: "ky-separating", text: x.separating ? "A separating equilibrium exists: the signal reassures." : "No separating equilibrium at this cost." }),
      Herz.table([
        ["signal cost must lie in", `[${Herz.fmt(x.cost_lower_bound)}, ${Herz.fmt(x.cost_upper_bound)}]`],
        ["pooling on the signal", Herz.fmt(x.pooling_signal)], ["semi-separating", x.semi_separating ? `yes (σ = ${Herz.fmt(x.sigma)}, ρ = ${Herz.fmt(x.rho)})` : "no"],
        ["pooling without a signal: trusted / intuitive", `${Herz.fmt(x.pooling_no_signal_trusted)} / ${Herz.fmt(x.pooling_no_signal_intuitive)}`],
        ["pure PBE (brute force)", pbe.join("; ")],
      ], ["quantity", "value"]));
    const sc = r.cost_scan, lane = (arr, level) => arr.map(v => (v ? level : null));
    Herz.plot($("ky-re-plot"), {
      title: "Which equilibria exist as the signal's cost varies", xlabel: "signal cost k", height: 240, ymin: 0, ymax: 5,
      series: [{ name: "separating", x: sc.cost, y: lane(sc.separating, 4), width: 6 }, { name: "pooling on signal", x: sc.cost, y: lane(sc.pooling_signal, 3), width: 6 },
               { name: "semi-separating", x: sc.cost, y: lane(sc.semi_separating, 2), width: 6 }, { name: "no-signal (intuitive)", x: sc.cost, y: lane(sc.pooling_no_signal_intuitive, 1), width: 6 }],
      hlines: [],
    });
  });
})();
