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
        ["runs locked in mistrust at the end", Herz.fmt(s.share_locked_in)], ["seed", String(s.seed)],
      ], ["quantity", "value"]));
    const b1 = s.belief_1_in_2, b2 = s.belief_2_in_1;
    Herz.plot($("ky-spiral-plot"), {
      title: `Belief that the other is a security seeker (median, 5–95% band over ${values.n_runs} runs)`, xlabel: "round", ylabel: "belief", ymin: 0, ymax: 1,
      series: [{ name: "1 about 2", x: s.round, y: b1.q50, lo: b1.q05, hi: b1.q95 }, { name: "2 about 1", x: s.round, y: b2.q50, lo: b2.q05, hi: b2.q95, color: Herz.COLORS[1] },
               { name: "share cooperating", x: s.round.slice(0, -1), y: s.share_cooperative, color: Herz.COLORS[2], dash: "4 3", width: 1 }],
      hlines: [{ y: s.minimum_trust, label: "minimum trust" }],
    });
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
