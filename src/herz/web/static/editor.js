"use strict";
/* Scenario editor: a form generated from the scenario's JSON Schema, and the TOML text, kept in
   step through POST /api/scenario/validate (which also checks the scenario as you type). */
(() => {
  const $ = id => document.getElementById(id);
  const formBox = $("ed-form"), tomlBox = $("ed-toml"), status = $("ed-status");
  let schema = null, data = {}, lastValid = false;

  const deref = s => { while (s && s.$ref) s = schema.$defs[s.$ref.split("/").pop()]; return s || {}; };
  function norm(s0) {
    let s = deref(s0);
    if (s.anyOf) {
      const opts = s.anyOf.map(deref).filter(o => o.type !== "null");
      if (opts.length === 1) s = { ...opts[0], title: s0.title || s.title, description: s0.description || s.description, default: s0.default ?? s.default, nullable: true };
    }
    return { ...s, title: s0.title || s.title, description: s0.description || s.description, default: s0.default !== undefined ? s0.default : s.default };
  }
  function setPath(path, value) {
    let node = data;
    for (let i = 0; i < path.length - 1; i++) {
      if (node[path[i]] === undefined) node[path[i]] = typeof path[i + 1] === "number" ? [] : {};
      node = node[path[i]];
    }
    const last = path[path.length - 1];
    if (value === undefined) { if (Array.isArray(node)) node[last] = null; else delete node[last]; } else node[last] = value;
  }
  function getPath(path) { let n = data; for (const k of path) { if (n == null) return undefined; n = n[k]; } return n; }

  function field(container, s0, path, label) {
    const s = norm(s0), value = getPath(path);
    const id = "f-" + path.join("-");
    if (s.type === "object" && s.properties) {
      const fs = Herz.el("fieldset", {}, Herz.el("legend", { text: label }));
      if (s.description) fs.append(Herz.el("p", { class: "note", text: s.description }));
      for (const [k, p] of Object.entries(s.properties)) field(fs, p, path.concat(k), k);
      container.append(fs); return;
    }
    if (s.type === "array" && s.items && deref(s.items).type === "object") {
      const items = Array.isArray(value) ? value : [];
      const fs = Herz.el("fieldset", {}, Herz.el("legend", { text: `${label} (${items.length})` }));
      if (s.description) fs.append(Herz.el("p", { class: "note", text: s.description }));
      items.forEach((item, i) => {
        field(fs, s.items, path.concat(i), `${label} ${i + 1}${item && item.name ? ": " + item.name : ""}`);
        const del = Herz.el("button", { type: "button", class: "small-btn", text: `remove ${label} ${i + 1}` });
        del.addEventListener("click", () => edit(path.concat(i), null, true));
        fs.append(del);
      });
      const add = Herz.el("button", { type: "button", class: "small-btn", text: `add to ${label}` });
      add.addEventListener("click", () => edit(path.concat(items.length), {}, true));
      fs.append(add); container.append(fs); return;
    }
    const row = Herz.el("div", { class: "field" });
    row.append(Herz.el("label", { for: id, title: s.description || "", text: label }));
    let input;
    const placeholder = s.default === undefined || s.default === null ? "" : (typeof s.default === "object" ? JSON.stringify(s.default) : String(s.default));
    if (s.enum) {
      input = Herz.el("select", { id });
      input.append(Herz.el("option", { value: "", text: placeholder ? `(default: ${placeholder})` : "" }));
      for (const o of s.enum) input.append(Herz.el("option", { text: o }));
      input.value = value ?? "";
    } else if (s.type === "boolean") {
      input = Herz.el("select", { id });
      for (const [v, t] of [["", `(default: ${placeholder})`], ["true", "true"], ["false", "false"]]) input.append(Herz.el("option", { value: v, text: t }));
      input.value = value === undefined || value === null ? "" : String(value);
    } else if (s.type === "number" || s.type === "integer") {
      input = Herz.el("input", { id, type: "number", step: s.type === "integer" ? 1 : "any", placeholder });
      for (const [k, a] of [["minimum", "min"], ["maximum", "max"], ["exclusiveMinimum", "min"], ["exclusiveMaximum", "max"]]) if (s[k] !== undefined) input.setAttribute(a, s[k]);
      input.value = value ?? "";
    } else if (s.type === "string") {
      input = Herz.el("input", { id, type: "text", placeholder });
      input.value = value ?? "";
    } else {  // dicts, tuples, lists of values: edited as JSON
      input = Herz.el("input", { id, type: "text", placeholder: placeholder || "JSON" });
      input.value = value === undefined ? "" : JSON.stringify(value);
      input.dataset.json = "1";
    }
    input.dataset.kind = s.type || "";
    input.title = s.description || "";
    input.addEventListener("change", () => {
      const raw = input.value.trim();
      let v;
      if (raw === "") v = undefined;
      else if (input.dataset.json) {
        try { v = JSON.parse(raw); } catch (e) { Herz.fieldError(input, `not JSON: ${e.message}`); return; }
      }
      else if (s.type === "boolean") v = raw === "true";
      else if (s.type === "number" || s.type === "integer") v = Number(raw);
      else v = raw;
      setPath(path, v); edit(path, v === undefined ? null : v, false);
    });
    row.append(input); container.append(row);
  }
  function renderForm() {
    const scroll = formBox.scrollTop;
    formBox.replaceChildren();
    for (const [k, p] of Object.entries(schema.properties)) field(formBox, p, [k], k);
    formBox.scrollTop = scroll;
  }
  /* The control of a field an error names: the run settings, a form field (the longest
     prefix of the path with one), or the TOML text. */
  const RUN = { runs: "ed-runs", steps: "ed-steps", seed: "ed-seed", keep: "ed-keep", toml: "ed-toml" };
  const controlOf = path => (RUN[path] ? $(RUN[path]) : $("f-" + path.split(".").join("-")));
  function clear() { Herz.clearErrors(document.querySelector("main")); }
  function show(res, focus = true) {
    lastValid = res.valid;
    clear();
    status.className = "status " + (res.valid ? "ok" : "bad");
    status.textContent = res.valid ? `valid · hash ${res.hash.slice(0, 12)} · ${res.scenario.actors.length} actors, ${res.scenario.steps} steps` : res.error;
    $("ed-run").disabled = !res.valid;
    if (!res.valid) {
      let control = Herz.showError({ message: res.error, field: res.field }, controlOf, null, { focus });
      if (!control) { Herz.fieldError(tomlBox, res.error, { focus }); control = tomlBox; }
      if (control === tomlBox) Herz.selectKey(tomlBox, res.field);
    }
    if (res.toml !== null) $("ed-download").href = "data:application/toml;charset=utf-8," + encodeURIComponent(res.toml);
  }
  /* A form change edits that one value in the TOML text on the server (comments kept);
     changes are applied in order, each on the text the last one left. */
  let queue = Promise.resolve();
  function edit(path, value, rerender) {
    queue = queue.then(async () => {
      let res;
      try { res = await Herz.api("POST", "/api/scenario/edit", { toml: tomlBox.value, path, value }); }
      catch (e) {
        clear(); status.className = "status bad"; status.textContent = e.message;
        if (!Herz.showError(e, controlOf, null)) Herz.fieldError(tomlBox, e.message);
        return;
      }
      if (res.toml !== null) tomlBox.value = res.toml;
      if (res.data !== null) data = res.data;
      if (rerender) renderForm();
      show(res);
    });
    return queue;
  }
  const onToml = Herz.debounce(async () => {
    let res;
    try { res = await Herz.api("POST", "/api/scenario/validate", { toml: tomlBox.value }); }
    catch (e) { status.className = "status bad"; status.textContent = e.message; return; }
    if (res.data !== null) { data = res.data; renderForm(); }
    show(res, false);  // typing in the text: mark the field, leave the focus in the text
  }, 300);
  tomlBox.addEventListener("input", onToml);
  async function load(name) {
    const ex = await Herz.api("GET", `/api/examples/${name}`);
    tomlBox.value = ex.toml;
    const res = await Herz.api("POST", "/api/scenario/validate", { toml: ex.toml });
    data = res.data || {}; renderForm(); show(res, false);
  }
  $("ed-example").addEventListener("change", e => { history.replaceState(null, "", `/editor?example=${e.target.value}`); load(e.target.value); });
  $("ed-run").addEventListener("click", async () => {
    if (!lastValid) return;
    const steps = $("ed-steps").value;
    try {
      const run = await Herz.api("POST", "/api/runs", {
        toml: tomlBox.value, runs: Number($("ed-runs").value), seed: Number($("ed-seed").value),
        keep: Number($("ed-keep").value), steps: steps ? Number(steps) : null,
      });
      window.location.href = run.page;
    } catch (e) { clear(); status.className = "status bad"; status.textContent = e.message; Herz.showError(e, controlOf, null); }
  });
  (async () => { schema = await Herz.api("GET", "/api/scenario/schema"); load($("ed-example").value); })();
})();
