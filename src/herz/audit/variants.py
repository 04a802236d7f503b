"""Variants of a policy: general rules that keep its purpose while alarming others less.

Each rule reads only the policy's own actions and the numbers of the force catalogue and the
scenario (never an actor's or a case's name) and returns a modified policy, or nothing when it
does not apply. The rules are the remedies of Jervis (1978) and Glaser (1997) for the security
dilemma, and the article's advice to explain one's moves (Jervis 1976, ch. 3; Kydd 2005 on
reassurance):

- ``defensive``: buy, at equal cost, a force class that observers count as less offensive per
  unit of defence instead of an offensive-looking class (Jervis 1978, distinguishability;
  Glaser 1997); a class that threatens others' second strike (counterforce, strategic ASW,
  missile defence, vulnerable fixed missiles) is replaced by the most survivable retaliatory
  class (Kent and Thaler 1989; Glaser 1990).
- ``restraint``: halve arming of offensive-looking or destabilizing classes, halve deployments
  and sanctions, drop covert acts, coercion and attacks.
- ``phasing``: spread purchases over three tranches two steps apart.
- ``explanation``: an honest statement to every other actor at each step of the policy and the
  two steps after (honest when the acting state's fixed motive is security; a greedy state's
  explanation is a bogus reason, ODD 7.11).
- ``transparency``: a monitoring regime without caps between the acting state and its rivals
  (transparency lowers observation noise and lets verified compliance build trust; ODD 7.3, 7.8).
- ``agreement``: an arms-control agreement with its rivals capping the offensive-looking and
  destabilizing classes at the level the policy reaches, monitored (Schelling and Halperin 1961).

:func:`generate` returns each rule alone, every pair of rules and all rules together, in a fixed
order, skipping combinations in which a rule changes nothing.

*herz's own specification*: the amounts (one half, three tranches, monitoring 0.8 and 0.9) are
modelling choices without a published value; the search only proposes, and the simulations
judge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from herz.engine.actions import Action
from herz.engine.forces import ForceCatalogue
from herz.engine.perception import seen_offense_weights
from herz.engine.scenario import AgreementSpec, Scenario, TimelineEntry

__all__ = ["RULES", "VariantSpec", "generate"]

Entries = list[TimelineEntry]
Agreements = list[AgreementSpec]


@dataclass(frozen=True)
class Context:
    """What the rules may read: the scenario, the acting state and the horizon."""

    scenario: Scenario
    actor: str
    horizon: int

    @property
    def cat(self) -> ForceCatalogue:
        return ForceCatalogue.from_classes(self.scenario.forces)

    @property
    def others(self) -> list[str]:
        return [a for a in self.scenario.actor_names if a != self.actor]

    @property
    def rivals(self) -> list[str]:
        """Other actors that share no named alliance with the acting state."""
        allied = {
            m for al in self.scenario.alliances if self.actor in al.members for m in al.members
        }
        return [a for a in self.others if a not in allied]

    @property
    def honest(self) -> bool:
        spec = next(a for a in self.scenario.actors if a.name == self.actor)
        return spec.motive != "greedy"


@dataclass(frozen=True)
class VariantSpec:
    """A modified policy: its rules, a description, the entries and any added agreements."""

    name: str
    rules: tuple[str, ...]
    description: str
    entries: tuple[TimelineEntry, ...]
    agreements: tuple[AgreementSpec, ...]


def _alarming(cat: ForceCatalogue, scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Per class: (offensive-looking, destabilizing) flags."""
    seen = seen_offense_weights(cat, scenario.world)
    offensive = seen > cat.defense
    destabilizing = (cat.counterforce > 0) | (cat.asw > 0) | (cat.intercept > 0)
    return offensive, destabilizing


def _substitute(ctx: Context, k: int) -> int | None:
    """The class to buy instead of class ``k``, or None when ``k`` is already the best."""
    cat = ctx.cat
    offensive, destabilizing = _alarming(cat, ctx.scenario)
    if destabilizing[k] or cat.strategic[k] > 0:
        ok = (cat.strategic > 0) & ~destabilizing
        if ok.any():
            value = np.where(ok, cat.strategic * cat.survivability / cat.cost, -np.inf)
            best = int(np.argmax(value))
            if best != k and value[best] > cat.strategic[k] * cat.survivability[k] / cat.cost[k]:
                return best
            if not destabilizing[k]:
                return None
    if not (offensive[k] or destabilizing[k]):
        return None
    seen = seen_offense_weights(cat, ctx.scenario.world)
    ok = (cat.defense > 0) & ~destabilizing & (cat.strategic == 0)
    if not ok.any():
        return None
    ratio = np.where(ok, seen / np.where(cat.defense > 0, cat.defense, 1.0), np.inf)
    best = int(np.argmin(ratio))
    own = seen[k] / cat.defense[k] if cat.defense[k] > 0 else np.inf
    return best if best != k and ratio[best] < own else None


def _steps(entries: Sequence[TimelineEntry], ctx: Context) -> list[int]:
    return sorted({ctx.scenario.step_of(e) for e in entries})


def _at(entry: TimelineEntry, step: int, **changes: object) -> TimelineEntry:
    data = entry.model_dump()
    data.update(step=step, year=None, **changes)
    return TimelineEntry.model_validate(data)


def defensive(ctx: Context, entries: Entries, agreements: Agreements) -> tuple[Entries, Agreements]:
    names = ctx.cat.names
    out = []
    for e in entries:
        if e.code is Action.ARM and e.force_class is not None:
            sub = _substitute(ctx, names.index(e.force_class))
            if sub is not None:
                e = _at(e, ctx.scenario.step_of(e), force_class=names[sub])
        out.append(e)
    return out, agreements


_DROPPED = {Action.COVERT, Action.COERCE, Action.ATTACK, Action.CHEAT, Action.ABANDON}


def restraint(ctx: Context, entries: Entries, agreements: Agreements) -> tuple[Entries, Agreements]:
    cat = ctx.cat
    offensive, destabilizing = _alarming(cat, ctx.scenario)
    out = []
    for e in entries:
        step = ctx.scenario.step_of(e)
        if e.code in _DROPPED:
            continue
        if e.code in (Action.DEPLOY, Action.SANCTION):
            e = _at(e, step, amount=0.5 * e.amount)
        elif e.code is Action.ARM and e.force_class is not None:
            k = cat.index(e.force_class)
            if offensive[k] or destabilizing[k]:
                e = _at(e, step, amount=0.5 * e.amount)
        out.append(e)
    return out, agreements


_SPLIT = (Action.ARM, Action.TRANSFER, Action.PROXY)


def phasing(ctx: Context, entries: Entries, agreements: Agreements) -> tuple[Entries, Agreements]:
    out = []
    for e in entries:
        step = ctx.scenario.step_of(e)
        tranches = [s for s in (step, step + 2, step + 4) if s < ctx.horizon]
        if e.code in _SPLIT and len(tranches) > 1:
            out += [_at(e, s, amount=e.amount / len(tranches)) for s in tranches]
        else:
            out.append(e)
    return out, agreements


_QUIET = {Action.STATEMENT, Action.HOTLINE, Action.AGREE, Action.WITHDRAW}


def explanation(
    ctx: Context, entries: Entries, agreements: Agreements
) -> tuple[Entries, Agreements]:
    acts = [e for e in entries if e.code not in _QUIET]
    said = {(ctx.scenario.step_of(e), e.target) for e in entries if e.code is Action.STATEMENT}
    steps = sorted({s + d for s in _steps(acts, ctx) for d in range(3) if s + d < ctx.horizon})
    extra = [
        TimelineEntry(
            step=s,
            actor=ctx.actor,
            action="statement",
            target=other,
            honest=ctx.honest,
            note="audit variant: explanation",
        )
        for s in steps
        for other in ctx.others
        if (s, other) not in said
    ]
    return entries + extra, agreements


def _unique_name(ctx: Context, agreements: Agreements, base: str) -> str:
    taken = {g.name for g in ctx.scenario.agreements} | {g.name for g in agreements}
    name, i = base, 2
    while name in taken:
        name, i = f"{base} {i}", i + 1
    return name


def transparency(
    ctx: Context, entries: Entries, agreements: Agreements
) -> tuple[Entries, Agreements]:
    if not ctx.rivals:
        return entries, agreements
    regime = AgreementSpec(
        name=_unique_name(ctx, agreements, "audit transparency"),
        members=[ctx.actor, *ctx.rivals],
        caps={},
        monitoring=0.9,
        start=min(_steps(entries, ctx)),
    )
    return entries, [*agreements, regime]


def agreement(ctx: Context, entries: Entries, agreements: Agreements) -> tuple[Entries, Agreements]:
    if not ctx.rivals:
        return entries, agreements
    cat = ctx.cat
    offensive, destabilizing = _alarming(cat, ctx.scenario)
    members = [ctx.actor, *ctx.rivals]
    stock = {a.name: a.forces for a in ctx.scenario.actors}
    added = np.zeros(len(cat))
    for e in entries:
        if e.code is Action.ARM and e.force_class is not None:
            k = cat.index(e.force_class)
            added[k] += e.amount / cat.cost[k]
    caps: dict[str, float] = {}
    for k, name in enumerate(cat.names):
        held = [stock[m].get(name, 0.0) for m in members]
        if (offensive[k] or destabilizing[k]) and (max(held) > 0 or added[k] > 0):
            caps[name] = float(max(max(held), stock[ctx.actor].get(name, 0.0) + added[k]))
    if not caps:
        return entries, agreements
    treaty = AgreementSpec(
        name=_unique_name(ctx, agreements, "audit arms control"),
        members=members,
        caps=caps,
        monitoring=0.8,
        start=min(_steps(entries, ctx)),
    )
    return entries, [*agreements, treaty]


Rule = Callable[[Context, Entries, Agreements], tuple[Entries, Agreements]]

#: The rules in the order they are composed, with a one-line description each.
RULES: tuple[tuple[str, Rule, str], ...] = (
    ("defensive", defensive, "buy a more defensive, more distinguishable class at equal cost"),
    ("restraint", restraint, "halve alarming purchases, deployments and sanctions"),
    ("phasing", phasing, "spread purchases over three tranches"),
    ("explanation", explanation, "explain each move to every other state"),
    ("transparency", transparency, "a monitoring regime with the rivals"),
    ("agreement", agreement, "an arms-control agreement capping alarming classes"),
)


def _apply(ctx: Context, rules: Sequence[str], entries: Entries) -> VariantSpec | None:
    table = {name: (fn, text) for name, fn, text in RULES}
    cur_e: Entries = list(entries)
    cur_a: Agreements = []
    for name in rules:
        fn, _ = table[name]
        new_e, new_a = fn(ctx, cur_e, cur_a)
        if new_e == cur_e and new_a == cur_a:
            return None
        cur_e, cur_a = new_e, new_a
    return VariantSpec(
        name=" + ".join(rules),
        rules=tuple(rules),
        description="; ".join(table[r][1] for r in rules),
        entries=tuple(cur_e),
        agreements=tuple(cur_a),
    )


def generate(
    scenario: Scenario,
    actor: str,
    entries: Sequence[TimelineEntry],
    horizon: int,
    max_rules: int = 2,
) -> list[VariantSpec]:
    """Variants of ``entries``: every combination of up to ``max_rules`` rules in which each
    rule changes something, then all applicable rules together."""
    ctx = Context(scenario, actor, horizon)
    names = [name for name, _, _ in RULES]
    out: list[VariantSpec] = []
    seen: set[tuple[str, ...]] = set()
    for size in range(1, max_rules + 1):
        for combo in combinations(names, size):
            v = _apply(ctx, combo, list(entries))
            if v is not None:
                out.append(v)
                seen.add(combo)
    singles = tuple(r for r in names if (r,) in seen)
    if len(singles) > max_rules:
        v = _apply(ctx, singles, list(entries))
        if v is not None:
            out.append(v)
    return out
