"use strict";
/* The audit form: built from the scenario's actors, force classes, alliances and agreements
   and the engine's action repertoire (GET /api/audit/options). */
(() => {
  const $ = id => document.getElementById(id);
  const err = $("au-error");
  let opts = null;
  const select = (name, values, value, empty) => {
    const s = Herz.el("select", { name, "aria-label": name.replace("_", " ") });
    if (empty) s.append(Herz.el("option", { value: "", text: "—" }));
    for (const v of values) s.append(Herz.el("option", { value: v, text: v }));
    if (value !== undefined) s.value = value;
    return s;
  };
  function source() {
    const [kind, name] = $("au-source").value.split(":");
    return { [kind]: name };
  }
  function addRow(init = {}) {
    const others = opts.actors.filter(a => a !== $("au-actor").value);
    const tr = Herz.el("tr", { class: "policy-row" });
    const cells = [
      Herz.el("input", { type: "number", name: "step", "aria-label": "step", min: 0, value: init.step ?? 2 }),
      select("action", opts.repertoire, init.action ?? "arm"),
      select("force_class", opts.force_classes, init.force_class ?? opts.force_classes[0], true),
      Herz.el("input", { type: "number", name: "amount", "aria-label": "amount", min: 0, step: "any", value: init.amount ?? 2 }),
      select("target", others, init.target ?? "", true),
      select("against", opts.actors, "", true),
      select("alliance", opts.alliances, "", true),
      select("agreement", opts.agreements, "", true),
    ];
    for (const c of cells) tr.append(Herz.el("td", {}, c));
    const rm = Herz.el("button", { type: "button", class: "small-btn", text: "×", "aria-label": "remove this action" });
    rm.addEventListener("click", () => tr.remove());
    tr.append(Herz.el("td", {}, rm));
    document.querySelector("#au-policy tbody").append(tr);
  }
  async function load() {
    err.textContent = "";
    try { opts = await Herz.api("GET", "/api/audit/options?" + new URLSearchParams(source())); }
    catch (e) { err.textContent = e.message; return; }
    $("au-actor").replaceChildren(...opts.actors.map(a => Herz.el("option", { text: a })));
    rivals();
    $("au-horizon").value = opts.steps;
    document.querySelector("#au-policy tbody").replaceChildren();
    addRow();
  }
  function rivals() {
    const me = $("au-actor").value;
    $("au-rival").replaceChildren(Herz.el("option", { value: "", text: "everyone (overall)" }),
      ...opts.actors.filter(a => a !== me).map(a => Herz.el("option", { text: a })));
  }
  function policy() {
    return [...document.querySelectorAll("#au-policy tr.policy-row")].map(tr => {
      const v = n => tr.querySelector(`[name=${n}]`).value;
      const entry = { step: Number(v("step")), action: v("action"), amount: Number(v("amount")) };
      for (const k of ["force_class", "target", "against", "alliance", "agreement"]) if (v(k)) entry[k] = v(k);
      if (!["arm", "disarm", "transfer"].includes(entry.action)) delete entry.force_class;
      return entry;
    });
  }
  $("au-source").addEventListener("change", load);
  $("au-actor").addEventListener("change", rivals);
  $("au-add").addEventListener("click", () => addRow());
  // the control of a field an error names (the policy's rows by index)
  const IDS = { actor: "au-actor", rival: "au-rival", "purpose.rival": "au-rival", horizon: "au-horizon",
                runs: "au-runs", seed: "au-seed", tolerance: "au-tolerance", "purpose.tolerance": "au-tolerance",
                max_rules: "au-rules", variants: "au-variants", policy: "au-add" };
  const controlOf = path => {
    if (IDS[path]) return $(IDS[path]);
    const m = /^policy\.(\d+)(?:\.(\w+))?$/.exec(path);
    if (!m) return null;
    const row = document.querySelectorAll("#au-policy tr.policy-row")[Number(m[1])];
    if (!row) return null;
    return (m[2] && row.querySelector(`[name=${m[2]}]`)) || row.querySelector("input, select");
  };
  $("au-go").addEventListener("click", async () => {
    err.textContent = "";
    Herz.clearErrors($("au-form"));
    const body = {
      ...source(), actor: $("au-actor").value, policy: policy(),
      horizon: Number($("au-horizon").value), runs: Number($("au-runs").value),
      seed: Number($("au-seed").value), tolerance: Number($("au-tolerance").value),
      variants: $("au-variants").checked, max_rules: Number($("au-rules").value),
    };
    if ($("au-rival").value) body.rival = $("au-rival").value;
    try { const a = await Herz.api("POST", "/api/audits", body); window.location.href = a.page; }
    catch (e) { Herz.showError(e, controlOf, err); }
  });
  load();
})();
