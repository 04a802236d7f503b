"use strict";
/* The sweeps page: pick a built-in sweep file or upload/paste one, then start it. */
(() => {
  const $ = id => document.getElementById(id);
  const builtins = JSON.parse($("sw-builtins").textContent);
  const pick = () => { const b = builtins.find(x => x.name === $("sw-builtin").value); $("sw-toml").value = b ? b.toml : ""; };
  $("sw-builtin").addEventListener("change", pick);
  $("sw-file").addEventListener("change", async () => { const f = $("sw-file").files[0]; if (f) $("sw-toml").value = await f.text(); });
  $("sw-go").addEventListener("click", async () => {
    $("sw-error").textContent = "";
    const b = builtins.find(x => x.name === $("sw-builtin").value);
    const text = $("sw-toml").value;
    const body = b && b.toml === text ? { builtin: b.name } : { toml: text };
    body.seed = Number($("sw-seed").value);
    try { const s = await Herz.api("POST", "/api/sweeps", body); window.location.href = s.page; }
    catch (e) { $("sw-error").textContent = e.message; }
  });
  pick();
})();
