"""After the game: motives revealed, who started it, stated beliefs against the truth, and the
class's history against simulated histories of the same world.

- **Motives**: every state's true motive.
- **Who started it** (Jervis 1976, ch. 3; the brief's mechanism 12): each state's own account
  and what happened, from the engine's causal log of the game, told by
  :func:`herz.report.narrative.narratives` as for any run.
- **Beliefs**: per turn, each player's stated chance that each other state is greedy, beside
  its analysts' belief (the engine's Bayesian belief of its state, Kydd 1997) and the truth;
  a player's score is the Brier score, the mean of ``(stated - truth)^2`` (Brier 1950; 0 is
  perfect, 0.25 what always saying 0.5 earns).
- **The class against the model**: ``runs`` histories of the same world over the same number
  of turns, every state played by the built-in rule, with the motives the game had
  (:func:`herz.engine.simulate.simulate` seeded with the game's seed, so history 0 is what the
  computer alone would have done with the same draws). It says when the class went to war, if
  it did, and which share of simulated histories had a war by that turn and by the end.

:func:`debrief_csv` and :func:`debrief_html` export it for grading.
"""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

import numpy as np

import herz
from herz.engine.actions import WAR_KINDS
from herz.engine.simulate import SimulationResult, simulate
from herz.game.game import Game
from herz.report.narrative import narratives

__all__ = ["DEBRIEF_RUNS", "debrief", "debrief_csv", "debrief_html"]

DEBRIEF_RUNS = 1000
_WARS = {int(c) for c in WAR_KINDS}


def _motive(greedy: bool) -> str:
    return "greedy" if greedy else "security"


def _first_war_turn(game: Game) -> int | None:
    turns = [e.turn for e in game.events if e.code in _WARS]
    return min(turns) if turns else None


def _in_turns(text: str) -> str:
    """The narrative's engine steps (from 0) as the game's turns (from 1)."""
    def turn(m: re.Match[str]) -> str:
        word = "Turns" if m.group(1) == "Steps" else "turns" if m.group(1) == "steps" else (
            "Turn" if m.group(1) == "Step" else "turn")
        end = f"-{int(m.group(3)) + 1}" if m.group(3) else ""
        return f"{word} {int(m.group(2)) + 1}{end}"

    return re.sub(r"\b(Steps|steps|Step|step) (\d+)(?:-(\d+))?", turn, text)


def _story(game: Game) -> dict[str, Any]:
    """The game's log told as both narratives (the game is run 0 of a one-run result)."""
    s = game.batch.state
    assert s is not None
    result = SimulationResult(
        scenario=game.scenario, seed=game.config.seed, n_runs=1, steps=len(game.turns),
        actors=game.names, kept=1, greedy=s.greedy.copy(), outcomes={}, series={}, mean={},
        events=game.batch.history.columns(),
    )
    nar = narratives(result, run=0)
    return {"tellings": {a: [_in_turns(x) for x in lines] for a, lines in nar.tellings.items()},
            "happened": [_in_turns(x) for x in nar.happened],
            "first_escalation": _in_turns(nar.first_escalation),
            "outcome": _in_turns(nar.outcome)}


def _beliefs(game: Game) -> list[dict[str, Any]]:
    truth = game.truth[-1]["greedy"]
    rows = []
    for turn_key in sorted(game.beliefs, key=int):
        t = int(turn_key)
        for seat, values in game.beliefs[turn_key].items():
            i = game.names.index(seat)
            for target, stated in values.items():
                j = game.names.index(target)
                rows.append({
                    "turn": t + 1, "seat": seat,
                    "players": ", ".join(game.seats.get(seat, {}).get("players", [])),
                    "about": target, "stated": stated,
                    "analysts": game.truth[t]["belief"][i][j],
                    "truth": int(truth[j]),
                    "squared_error": round((stated - truth[j]) ** 2, 4),
                })
    return rows


def _scores(rows: list[dict[str, Any]]) -> dict[str, float]:
    out: dict[str, list[float]] = {}
    for r in rows:
        out.setdefault(r["seat"], []).append(r["squared_error"])
    return {s: round(float(np.mean(v)), 4) for s, v in out.items()}


def _against_model(game: Game, runs: int) -> dict[str, Any]:
    greedy = game.truth[-1]["greedy"]
    fixed = game.scenario.model_copy(update={"actors": [
        a.model_copy(update={"motive": _motive(g), "p_greedy": None})
        for a, g in zip(game.scenario.actors, greedy, strict=True)]})
    turns = max(len(game.turns), 1)
    res = simulate(fixed, runs=runs, steps=turns, rng=game.config.seed, keep=1)
    first = np.asarray(res.outcomes["first_war_step"])  # step index, -1: none
    war_turn = _first_war_turn(game)
    by_end = float(np.mean(first >= 0))
    out: dict[str, Any] = {
        "runs": runs, "turns": turns, "war_turn": war_turn,
        "share_war_by_end": round(by_end, 3),
        "computer_alone_war_turn": int(first[0]) + 1 if first[0] >= 0 else None,
        "war_turns": np.bincount(first[first >= 0] + 1, minlength=turns + 1)[1:].tolist(),
    }
    arms = np.asarray(res.series["arms"])  # (1, turns + 1, N): history 0
    sim_growth = np.log(np.maximum(res.outcomes["arms_final"], 1e-9)
                        / np.maximum(res.outcomes["arms_initial"], 1e-9)).mean(axis=1)
    game_arms = np.array([t["arms"] for t in game.truth])
    growth = float(np.log(np.maximum(game_arms[-1], 1e-9)
                          / np.maximum(game_arms[0], 1e-9)).mean())
    out["arms_growth"] = round(growth, 4)
    out["arms_growth_percentile"] = round(float(np.mean(sim_growth <= growth)) * 100, 1)
    out["computer_alone_arms"] = np.round(arms[0, -1], 3).tolist()
    if war_turn is not None:
        share = float(np.mean((first >= 0) & (first + 1 <= war_turn)))
        out["share_war_by_war_turn"] = round(share, 3)
        out["sentence"] = (
            f"Your class went to war at turn {war_turn}; {100 * share:.0f}% of {runs} "
            f"simulated histories did by then, {100 * by_end:.0f}% by turn {turns}.")
    else:
        out["sentence"] = (
            f"Your class kept the peace for {turns} turns; {100 * (1 - by_end):.0f}% of {runs} "
            f"simulated histories did too ({100 * by_end:.0f}% had a war by turn {turns}).")
    return out


def debrief(game: Game, runs: int = DEBRIEF_RUNS) -> dict[str, Any]:
    """The debrief of a game (JSON-ready; meant for a game that has ended)."""
    with game.lock:
        rows = _beliefs(game)
        return {
            "game": game.code, "title": game.config.title, "scenario": game.scenario.name,
            "seed": game.config.seed, "herz_version": herz.__version__,
            "turns_played": len(game.turns), "states": list(game.names),
            "motives": {n: _motive(g) for n, g in zip(game.names, game.truth[-1]["greedy"],
                                                       strict=True)},
            "seats": {a: {"players": s["players"],
                          "computer_turns": [t + 1 for t, turn in enumerate(game.turns)
                                             if turn["moves"].get(a) is None]}
                      for a, s in game.seats.items()},
            "computer": [n for n in game.names if n not in game.seats],
            "story": _story(game),
            "beliefs": rows,
            "scores": _scores(rows),
            "arms": [t["arms"] for t in game.truth],
            "messages": [{k: m[k] for k in ("turn", "from", "to", "text", "by")}
                         for m in game.messages],
            "against_model": _against_model(game, runs),
        }


def debrief_csv(d: dict[str, Any]) -> str:
    """The beliefs table, one row per turn, seat and other state, for grading."""
    out = io.StringIO()
    cols = ["turn", "seat", "players", "about", "stated", "analysts", "truth", "squared_error"]
    w = csv.DictWriter(out, fieldnames=["game", *cols], lineterminator="\n")
    w.writeheader()
    for r in d["beliefs"]:
        w.writerow({"game": d["game"], **r})
    return out.getvalue()


def _e(x: Any) -> str:
    return html.escape(str(x))


def _table(head: list[str], rows: list[list[Any]]) -> str:
    th = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="data"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


_STYLE = (
    "body{font:15px/1.45 system-ui,sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem;"
    "color:#1d2330}table{border-collapse:collapse}td,th{border-bottom:1px solid #d8dce4;"
    "padding:.2rem .6rem;text-align:left}.cols{display:grid;grid-template-columns:1fr 1fr;"
    "gap:1rem}@media(max-width:700px){.cols{grid-template-columns:1fr}}"
)


def debrief_html(d: dict[str, Any]) -> str:
    """A self-contained page of the debrief (no script, no other file)."""
    m = d["against_model"]
    story = d["story"]
    tellings = "".join(
        f"<section><h3>As {_e(n)} tells it</h3><ul>"
        + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul></section>"
        for n, lines in story["tellings"].items())
    happened = "".join(f"<li>{_e(x)}</li>" for x in story["happened"]) or "<li>Nothing.</li>"
    seats = [[n, d["motives"][n], ", ".join(d["seats"].get(n, {}).get("players", []))
              or "computer", d["scores"].get(n, "")] for n in d["states"]]
    beliefs = [[r["turn"], r["seat"], r["about"], r["stated"], r["analysts"], r["truth"]]
               for r in d["beliefs"]]
    title = d["title"] or f"Game {d['game']}"
    alone = m["computer_alone_war_turn"]
    alone_text = f"gone to war at turn {alone}" if alone else "kept the peace"
    about = (f"World: {_e(d['scenario'])} · {d['turns_played']} turns · seed {d['seed']} · "
             f"herz {_e(d['herz_version'])}")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Debrief: {_e(title)}</title>
<style>{_STYLE}</style>
</head><body><main>
<h1>Debrief: {_e(title)}</h1>
<p>{about}</p>
<p><strong>{_e(m["sentence"])}</strong> With the same draws, the computer alone would have
{alone_text}. Your class's arms grew more than in {m["arms_growth_percentile"]}% of the
simulated histories.</p>
<h2>Motives revealed</h2>
{_table(["state", "motive", "played by", "belief score (Brier, 0 best)"], seats)}
<h2>Who started it?</h2>
<p>{_e(story["first_escalation"])} {_e(story["outcome"])}</p>
<div class="cols"><div>{tellings}</div>
<section><h3>What happened</h3><ol>{happened}</ol></section></div>
<h2>What you believed, what your analysts believed, and the truth</h2>
<p>Stated: the chance you gave each other state of being greedy; analysts: the model's belief for
your state; truth: 1 greedy, 0 security-seeker.</p>
{_table(["turn", "state", "about", "stated", "analysts", "truth"], beliefs)}
</main></body></html>
"""
