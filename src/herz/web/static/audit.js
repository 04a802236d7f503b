"use strict";
/* An audit's page: poll its progress, then draw each capital's view, the acting state's net
   effects, the spiral trace and the variants' Pareto front. */
(() => {
  const audit = JSON.parse(document.getElementById("au-data").textContent);
  const $ = id => document.getElementById(id);
  const bar = document.querySelector("#au-progress .bar");
  const label = document.querySelector("#au-progress .label");
  const box = $("au-progress");
  const iv = Herz.interval;
  let result = null;
  async function poll() {
    let info;
    try { info = await Herz.api("GET", `/api/audits/${audit.id}`); }
    catch (e) { $("au-error").textContent = e.message; return; }
    const busy = info.status === "running" || info.status === "queued";
    box.classList.toggle("busy", busy && info.progress === null);
    bar.style.width = (100 * (info.progress || 0)).toFixed(1) + "%";
    label.textContent = busy ? `${info.status}: ${info.stage}` : info.status;
    if (info.status === "failed") { $("au-error").textContent = info.error || "the audit failed"; return; }
    if (info.status !== "done") { setTimeout(poll, 500); return; }
    show(info);
  }
  function show(info) {
    result = info.result;
    $("au-result").hidden = false;
    $("au-summary").textContent = result.summary;
    const others = $("au-others");
    others.replaceChildren();
    others.append(Herz.table(result.others.map(v => [v.actor, iv(v.threat_change), iv(v.alarm), iv(v.belief_change)]),
      ["capital", "threat it perceives: change", "alarm (relative)", "belief the actor is greedy: change"]));
    for (const v of result.others) {
      others.append(Herz.el("div", { class: "view", text: v.summary }));
      const rows = v.reactions.map(r => [r.act, Herz.fmt(r.base_per_run), Herz.fmt(r.policy_per_run), iv(r.change)]);
      if (rows.length) others.append(Herz.table(rows, [`${v.actor}'s reactions`, "baseline per run", "with the policy", "change"]));
    }
    const own = result.own;
    const ownRows = [["net security", iv(own.net_security)], ["direct gain", iv(own.direct_gain)],
      ["reaction cost", iv(own.reaction_cost)], ["purpose gain", iv(own.purpose_gain)]];
    for (const [kind, w] of Object.entries(own.war_risk)) ownRows.push([`war risk (${kind}): change`, `${iv(w.change)} (baseline ${iv(w.base)}, with policy ${iv(w.policy)})`]);
    $("au-own").replaceChildren(Herz.el("p", { class: "note", text: `Baseline security ${Herz.fmt(own.security_base)}.` }),
      Herz.table(ownRows, ["quantity", "estimate [interval]"]));
    const sel = $("au-channel");
    sel.replaceChildren(...Object.keys(result.spiral.steps).map(k => Herz.el("option", { text: k })));
    sel.value = "others_threat" in result.spiral.steps ? "others_threat" : sel.options[0].value;
    drawSpiral();
    $("au-story").replaceChildren(...result.spiral.story.map(s => Herz.el("li", { text: `by step ${s.step}: ${s.text}` })));
    const pts = [{ ...point(result.original, "original"), filled: result.original.pareto, ring: true },
      ...result.variants.map(v => ({ ...point(v, v.name), filled: v.pareto, color: v.keeps_purpose ? "#2456a6" : "#999" }))];
    Charts.scatter($("au-pareto"), { points: pts, xlabel: "alarm of the others (relative change of the threat they perceive)", ylabel: "net security", title: "Variants: net security against alarm" });
    const vrows = [["original", iv(result.original.net_security), iv(result.original.alarm), iv(result.original.purpose_gain), "—", result.original.pareto ? "yes" : "no"],
      ...result.variants.map(v => [v.name + (v.name === result.best ? " (best)" : ""), iv(v.net_security), iv(v.alarm), iv(v.purpose_gain), v.keeps_purpose ? "yes" : "no", v.pareto ? "yes" : "no"])];
    $("au-variants").replaceChildren(Herz.el("p", { text: result.best ? `Best variant: ${result.best}.` : "No variant keeps the purpose while alarming the others less." }),
      Herz.table(vrows, ["version", "net security", "alarm", "purpose gain", "keeps purpose", "Pareto front"]));
    $("au-files").replaceChildren(...Object.entries(info.files).map(([name, href]) =>
      Herz.el("li", {}, Herz.el("a", { href, download: "", text: name }))));
  }
  function point(o, name) {
    return { x: o.alarm.estimate, xlo: o.alarm.low, xhi: o.alarm.high, y: o.net_security.estimate,
             ylo: o.net_security.low, yhi: o.net_security.high, label: name };
  }
  function drawSpiral() {
    const key = $("au-channel").value, s = result.spiral.steps[key];
    const x = s.mean.map((_, i) => i);
    Herz.plot($("au-spiral-plot"), { series: [{ name: key, x, y: s.mean, lo: s.low, hi: s.high }],
      hlines: [{ y: 0, label: "no change" }], xlabel: "step", ylabel: "policy − baseline", title: `${key}: paired difference` });
  }
  $("au-channel").addEventListener("change", drawSpiral);
  poll();
})();
