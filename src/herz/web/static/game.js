/* herz web: the class game's pages (create, join, teacher console, projector, player).
   Live updates by server-sent events; polling of the same views if the stream fails. */
"use strict";
(() => {
  const { api, el, fmt } = Herz;
  const root = document.querySelector("[data-page]");
  if (!root) return;
  const page = root.dataset.page, code = root.dataset.code;
  const $ = id => document.getElementById(id);
  const pct = x => (100 * x).toFixed(1) + "%";

  /* The view of `who` now and after every change: an EventSource, or polling. */
  function live(who, path, onView) {
    let polling = null, es = null, over = false;
    const show = v => {
      onView(v);
      if (v.status === "ended") { over = true; if (es) es.close(); clearInterval(polling); }
    };
    const poll = async () => { try { show(await api("GET", path)); } catch (e) { /* retry */ } };
    function fallback() {
      if (polling || over) return;
      poll(); polling = setInterval(poll, 2000);
    }
    if (!window.EventSource) return fallback();
    es = new EventSource(`/api/games/${code}/stream?who=${who}`);
    es.addEventListener("view", ev => show(JSON.parse(ev.data)));
    es.onerror = () => { es.close(); fallback(); };  // the stream ends with the game, too
  }
  /* A countdown shown from seconds_left, counted down locally between views. */
  let clockTimer = null;
  function clock(target, view) {
    clearInterval(clockTimer);
    const t0 = Date.now(), left = view.seconds_left;
    const show = () => {
      if (left === null || left === undefined) { target.textContent = view.status === "ended" ? "game over" : "timer not running"; return; }
      const s = Math.max(0, Math.round(left - (Date.now() - t0) / 1000));
      target.textContent = (view.status === "paused" ? "paused, " : "") + `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} left`;
    };
    show();
    if (view.status === "running") clockTimer = setInterval(show, 1000);
  }
  function status(prefix, view) {
    $(prefix + "-status").textContent = view.status;
    $(prefix + "-turn").textContent = `${Math.min(view.turn, view.turns)} of ${view.turns}`;
    clock($(prefix + "-clock"), view);
  }
  function list(target, items, text) {
    target.replaceChildren(...items.map(x => el("li", { text: text(x) })));
  }
  const evText = e => `Turn ${e.turn}: ${e.text}`;
  const msgText = m => `Turn ${m.turn}, ${m.from}${m.by ? " (" + m.by + ")" : ""}${m.to ? " to " + m.to + " (private)" : ""}: ${m.text}`;

  if (page === "join") {
    root.addEventListener("submit", ev => {
      ev.preventDefault();
      location.href = "/play/" + encodeURIComponent($("j-code").value.replace(/\s+/g, "").toUpperCase());
    });
  }

  if (page === "new") {
    const form = root, states = $("g-states");
    async function listStates() {
      const [kind, name] = $("g-scenario").value.split(":");
      try {
        const s = await api("GET", `/api/games/setup?${kind}=${encodeURIComponent(name)}`);
        states.replaceChildren(el("legend", { text: "States: open to players, and motives" }));
        s.states.forEach((n, i) => {
          const row = el("div", { class: "field" });
          const box = el("input", { type: "checkbox", id: `g-seat-${i}`, name: "seats", value: n });
          if (s.playable.includes(n)) box.checked = true; else box.disabled = true;
          const pick = el("select", { id: `g-motive-${i}`, "data-state": n, "aria-label": `Motive of ${n}` },
            el("option", { value: "", text: "drawn from the prior" }),
            el("option", { value: "security", text: "security-seeker" }),
            el("option", { value: "greedy", text: "greedy" }));
          const computer = el("select", { id: `g-computer-${i}`, "data-computer": n, "aria-label": `Who plays ${n} without a player` },
            el("option", { value: "", text: "without a player: the built-in rule" }),
            el("option", { value: "passive", text: "not a seat: passive" }));
          row.append(el("label", { for: `g-seat-${i}` }, box, " " + n + " (a player's seat)"), el("div", {}, pick, " ", computer));
          states.append(row);
        });
      } catch (e) { $("g-error").textContent = e.message; }
    }
    $("g-scenario").addEventListener("change", listStates);
    listStates();
    form.addEventListener("submit", async ev => {
      ev.preventDefault();
      const [kind, name] = $("g-scenario").value.split(":");
      const body = { [kind]: name, title: $("g-title").value, turns: +$("g-turns").value,
        turn_seconds: +$("g-seconds").value, team_size: +$("g-team").value,
        actions: [...form.querySelectorAll("input[name=actions]:checked")].map(x => x.value),
        seats: [...form.querySelectorAll("input[name=seats]:checked")].map(x => x.value), motives: {} };
      for (const s of form.querySelectorAll("select[data-state]")) if (s.value) body.motives[s.dataset.state] = s.value;
      body.passive = [...form.querySelectorAll("select[data-computer]")].filter(s => s.value === "passive").map(s => s.dataset.computer);
      body.seats = body.seats.filter(n => !body.passive.includes(n));
      if ($("g-seed").value !== "") body.seed = +$("g-seed").value;
      try { const g = await api("POST", "/api/games", body); location.href = g.console; }
      catch (e) { $("g-error").textContent = e.message; }
    });
  }

  if (page === "console") {
    const show = v => {
      status("c", v);
      $("c-seats").replaceChildren(...v.seats.map(s => {
        const free = el("button", { type: "button", "data-free": s.seat, text: "Free the seat" });
        const link = el("a", { href: `/play/${code}?seat=${encodeURIComponent(s.seat)}`, text: "join link" });
        return el("tr", {}, el("td", { text: s.seat }), el("td", { text: (s.names || []).join(", ") || "—" }),
          el("td", { text: s.moved ? "yes" : "no" }), el("td", {}, link, " ", free));
      }));
      $("c-computer").textContent = v.computer.join(", ") || "none";
      $("c-debrief").hidden = v.status !== "ended";
    };
    root.addEventListener("click", async ev => {
      const b = ev.target.closest("button"); if (!b) return;
      const body = b.dataset.free ? { action: "free_seat", seat: b.dataset.free }
        : { action: b.dataset.action, seconds: +$("c-extend").value };
      try { show(await api("POST", `/api/games/${code}/control`, body)); $("c-error").textContent = ""; }
      catch (e) { $("c-error").textContent = e.message; }
    });
    live("teacher", `/api/games/${code}/teacher`, show);
  }

  if (page === "projector") {
    live("public", `/api/games/${code}`, v => {
      status("p", v);
      if (v.title) $("p-title").textContent = v.title;
      list($("p-seats"), v.seats, s => `${s.seat}: ${s.players ? (s.moved ? "moved" : "thinking") : "computer"}`);
      list($("p-events"), v.events.slice().reverse(), evText);
      list($("p-messages"), v.messages.slice().reverse(), msgText);
      $("p-debrief").hidden = v.status !== "ended";
    });
  }

  if (page === "play") {
    let formTurn = null, streaming = false;
    const err = m => { $("y-error").textContent = m || ""; };
    async function start() {
      try { const v = await api("GET", `/api/games/${code}/me`); show(v); if (!streaming) { streaming = true; live("player", `/api/games/${code}/me`, show); } }
      catch (e) { joinForm(); }
    }
    async function joinForm() {
      const v = await api("GET", `/api/games/${code}`);
      const free = v.seats.filter(s => s.players < v.team_size);
      $("y-seatpick").replaceChildren(...free.map(s => el("option", { value: s.seat, text: s.seat })));
      const given = new URLSearchParams(location.search).get("seat");  // a seat the teacher gave
      if (given && free.some(s => s.seat === given)) $("y-seatpick").value = given;
      $("y-join").hidden = false;
      if (!free.length) err("Every seat is taken: ask the teacher.");
    }
    $("y-join").addEventListener("submit", async ev => {
      ev.preventDefault();
      try { await api("POST", `/api/games/${code}/join`, { seat: $("y-seatpick").value, player: $("y-name").value }); $("y-join").hidden = true; err(); start(); }
      catch (e) { err(e.message); }
    });
    function range(id, label, min, max, step, value, disabled) {
      const out = el("output", { for: id, text: fmt(value) });
      const input = el("input", { type: "range", id, min, max, step, value });
      if (disabled) input.disabled = true;
      input.addEventListener("input", () => { out.textContent = fmt(+input.value); });
      return el("div", { class: "field" }, el("label", { for: id, text: label }), el("div", {}, input, " ", out));
    }
    function check(id, label, disabled) {
      const box = el("input", { type: "checkbox", id });
      if (disabled) box.disabled = true;
      return el("label", { class: "check", for: id }, box, " " + label);
    }
    function moveForm(v) {
      const f = $("y-move-fields"), open = new Set(v.open), b = v.me.budget;
      f.replaceChildren();
      if (open.has("arm")) {
        f.append(range("m-spend", `Spending on forces, share of GDP (${pct(b.min)} to ${pct(b.max)}; upkeep ${pct(b.upkeep)})`, b.min, b.max, 0.0005, b.default));
        const mix = el("fieldset", {}, el("legend", { text: "Arm by class: weights of the spending (all empty: your usual mix)" }));
        v.classes.forEach((c, i) => mix.append(el("div", { class: "field" }, el("label", { for: `m-mix-${i}`, text: c.replace(/_/g, " ") }),
          el("input", { type: "number", id: `m-mix-${i}`, min: 0, step: "any", "data-class": c }))));
        f.append(mix);
      }
      if (open.has("alert")) f.append(range("m-alert", "Alert level", 0, 1, 0.05, 0));
      if (open.has("concession")) f.append(range("m-concession", "Concession: share of offensive forces given up", 0, 1, 0.05, 0));
      v.others.forEach((o, i) => {
        const box = el("fieldset", { class: "target" }, el("legend", { text: `Towards ${o.name}` }));
        for (const p of ["deploy", "sanction", "covert"]) if (open.has(p)) box.append(range(`m-${p}-${i}`, `${p} (intensity)`, 0, 1, 0.05, 0, !v.legal[p].includes(o.name)));
        for (const p of ["attack", "coerce", "ally", "hotline"]) if (open.has(p)) box.append(check(`m-${p}-${i}`, p === "ally" ? "offer an alliance" : p === "hotline" ? "ask for a hotline" : p, !v.legal[p].includes(o.name)));
        if (open.has("statement")) box.append(el("div", { class: "field" }, el("label", { for: `m-statement-${i}`, text: "Explain your moves" }),
          el("select", { id: `m-statement-${i}` }, el("option", { value: "", text: "no" }), el("option", { value: "honest", text: "honestly" }), el("option", { value: "bogus", text: "with a bogus reason" }))));
        f.append(box);
      });
      if (open.has("agreement")) v.agreements.forEach((a, g) => {
        const caps = Object.entries(a.caps).map(([c, x]) => `${c.replace(/_/g, " ")} ≤ ${fmt(x)}`).join(", ") || "none";
        const box = el("fieldset", { class: "target" }, el("legend", { text: `Agreement: ${a.name}` }),
          el("p", { class: "note", text: `Caps: ${caps}; cheating detected with chance ${fmt(a.monitoring)} a turn; parties: ${a.members.join(", ") || "none"}${a.you_cheat ? "; you are secretly over its caps" : ""}` }));
        const label = { agree: "join", cheat: "secretly exceed its caps", abandon: "leave" };
        for (const p of ["agree", "cheat", "abandon"]) box.append(check(`m-${p}-g${g}`, label[p], !a.may.includes(p)));
        f.append(box);
      });
      const sl = $("y-belief-sliders"); sl.replaceChildren();
      const last = Object.values(v.beliefs).pop() || {};
      v.others.forEach((o, i) => sl.append(range(`b-${i}`, `Chance ${o.name} is greedy`, 0, 1, 0.05, last[o.name] ?? 0.5)));
    }
    function collect(v) {
      const m = {}, open = new Set(v.open), val = id => $(id) ? +$(id).value : 0;
      if (open.has("arm")) {
        m.spend = val("m-spend");
        const mix = {};
        for (const x of document.querySelectorAll("[data-class]")) if (x.value !== "") mix[x.dataset.class] = +x.value;
        if (Object.keys(mix).length) m.mix = mix;
      }
      if (open.has("alert")) m.alert = val("m-alert");
      if (open.has("concession")) m.concession = val("m-concession");
      v.others.forEach((o, i) => {
        for (const p of ["deploy", "sanction", "covert"]) { const x = $(`m-${p}-${i}`); if (x && !x.disabled && +x.value > 0) (m[p] = m[p] || {})[o.name] = +x.value; }
        for (const p of ["attack", "coerce", "ally", "hotline"]) { const x = $(`m-${p}-${i}`); if (x && x.checked) (m[p] = m[p] || []).push(o.name); }
        const s = $(`m-statement-${i}`); if (s && s.value) (m.statement = m.statement || {})[o.name] = s.value;
      });
      if (open.has("agreement")) v.agreements.forEach((a, g) => {
        for (const p of ["agree", "cheat", "abandon"]) { const x = $(`m-${p}-g${g}`); if (x && x.checked) (m[p] = m[p] || []).push(a.name); }
      });
      return m;
    }
    let current = null;
    function show(v) {
      current = v;
      $("y-join").hidden = true; $("y-play").hidden = false;
      status("y", v);
      $("y-seat-title").textContent = ` · you lead ${v.seat}`;
      $("y-moved").textContent = v.moved ? "· your move is in (you may change it until the turn ends)" : "";
      const me = v.me;
      $("y-me").replaceChildren(
        el("p", {}, el("strong", { text: `Your motive: ${me.motive === "greedy" ? "greedy (you want gains at the others' expense)" : "security-seeker (you only want to be safe)"}` })),
        el("p", { text: `Security ${fmt(me.security)} (you seek ${fmt(me.target_security)}) · GDP ${fmt(me.gdp)} · budget ${pct(me.budget.min)}–${pct(me.budget.max)} of GDP` }),
        Herz.table(Object.entries(me.forces).map(([c, x]) => [c.replace(/_/g, " "), fmt(x)]), ["force class", "your units"]));
      $("y-others").replaceChildren(Herz.table(v.others.map(o => [o.name, fmt(o.estimated_offense), fmt(o.threat), fmt(o.assessment),
        o.ally ? "ally" : (o.in_reach ? "in reach" : "out of reach"), fmt(o.deployed_against_you), fmt(o.sanctions_on_you), o.explained_to_you ? "yes" : "no"]),
        ["state", "estimated offence", "threat to you", "analysts: chance greedy", "relation", "deployed against you", "sanctions on you", "explained itself"]));
      list($("y-events"), v.events.slice().reverse(), evText);
      list($("y-messages"), v.messages.slice().reverse(), msgText);
      const to = $("y-to"), keep = to.value;
      to.replaceChildren(el("option", { value: "", text: "everyone (public)" }), ...v.others.map(o => el("option", { value: o.name, text: o.name + " (private)" })));
      to.value = keep;
      const playing = v.status === "running";
      $("y-submit").disabled = !playing;
      if (formTurn !== v.turn) { formTurn = v.turn; moveForm(v); }
      $("y-debrief").hidden = v.status !== "ended";
    }
    $("y-move").addEventListener("submit", async ev => {
      ev.preventDefault();
      try { show(await api("POST", `/api/games/${code}/move`, { turn: current.turn, move: collect(current) })); err(); }
      catch (e) { err(e.message); }
    });
    $("y-beliefs").addEventListener("submit", async ev => {
      ev.preventDefault();
      const b = {}; current.others.forEach((o, i) => { b[o.name] = +$(`b-${i}`).value; });
      try { show(await api("POST", `/api/games/${code}/beliefs`, { turn: current.turn, beliefs: b })); err(); }
      catch (e) { err(e.message); }
    });
    $("y-message").addEventListener("submit", async ev => {
      ev.preventDefault();
      try { show(await api("POST", `/api/games/${code}/messages`, { text: $("y-text").value, to: $("y-to").value || null })); $("y-text").value = ""; err(); }
      catch (e) { err(e.message); }
    });
    start();
  }
})();
