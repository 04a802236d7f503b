"use strict";
/* The sweeps page: pick a built-in sweep file or upload/paste one, then start it. */
(() => {
  const $ = id => document.getElementById(id);
  const builtins = JSON.parse($("sw-builtins").textContent);
  const pick = () => { const b = builtins.find(x => x.name === $("sw-builtin").value); $("sw-toml").value = b ? b.toml : ""; };
  $("sw-builtin").addEventListener("change", pick);
  $("sw-file").addEventListener("change", async () => { const f = $("sw-file").files[0]; if (f) $("sw-toml").value = await f.text(); });
  // seed and the built-in sweep have their own controls; every other field is in the file
  const controlOf = path => ({ seed: $("sw-seed"), builtin: $("sw-builtin") }[path] || $("sw-toml"));
  $("sw-go").addEventListener("click", async () => {
    $("sw-error").textContent = "";
    Herz.clearErrors(document.querySelector("main"));
    const b = builtins.find(x => x.name === $("sw-builtin").value);
    const text = $("sw-toml").value;
    const body = b && b.toml === text ? { builtin: b.name } : { toml: text };
    body.seed = Number($("sw-seed").value);
    try { const s = await Herz.api("POST", "/api/sweeps", body); window.location.href = s.page; }
    catch (e) {
      const control = Herz.showError(e, controlOf, $("sw-error"));
      if (control === $("sw-toml")) Herz.selectKey($("sw-toml"), e.field);
    }
  });
  pick();
})();
