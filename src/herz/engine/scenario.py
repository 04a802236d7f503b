"""Scenario files: the schema, loading from TOML, and ``--set`` overrides.

A scenario is a readable TOML file validated against :class:`Scenario`; ``herz schema`` prints its
JSON Schema. Every field has a description and bounds, so one declaration feeds a run, a sweep
and a web form. Bad input raises :class:`herz.errors.HerzInputError` naming the file, the field
and what is allowed.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from herz.engine.actions import TARGETED, Action
from herz.engine.forces import ForceClass, default_classes
from herz.errors import HerzInputError
from herz.inputs import MAX_DEPTH, MAX_QUANTITY, check_depth, read_toml_file

__all__ = [
    "LEVEL_ACTIONS",
    "MAX_ACTORS",
    "MAX_OVERRIDE_DEPTH",
    "MAX_QUANTITY",
    "MAX_STEPS",
    "RuleSpec",
    "ActorSpec",
    "AgreementSpec",
    "AllianceSpec",
    "Scenario",
    "TimelineEntry",
    "WorldSpec",
    "apply_overrides",
    "error_from_validation",
    "load_scenario",
    "parse_scenario",
    "scenario_hash",
]

MAX_STEPS = 1000
MAX_ACTORS = 200
#: Largest calendar year, in absolute value.
MAX_YEAR = 100_000.0

#: Most keys in one ``--set`` path (a scenario is about 5 levels deep).
MAX_OVERRIDE_DEPTH = 8
#: Most years per step.
MAX_STEP_YEARS = 100.0

ACTION_NAMES = {a.name.lower(): a for a in Action if a < 100}
#: Actions whose ``amount`` is a level or a share in [0, 1].
LEVEL_ACTIONS = frozenset(
    {Action.ALERT, Action.DEPLOY, Action.SANCTION, Action.COVERT, Action.CONCESSION}
)


class _Strict(BaseModel):
    """Strict input: no unknown fields, no conversion (a bool is not a number, a string is not a
    number; an int is fine where a float is expected), and every float finite."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


#: A pair read from TOML or JSON arrays (a list there), its items still strict.
Pair = Annotated[tuple[str, str], Strict(False)]
#: A stock, a cap or an amount in GDP units or units of stock.
Quantity = Annotated[float, Field(ge=0, le=MAX_QUANTITY)]


def _at_most(value: float, bound: float) -> float:
    """``value`` if it is at most ``bound``, else the error pydantic gives for ``le``."""
    if value > bound:
        raise PydanticCustomError(
            "less_than_equal", "Input should be less than or equal to {le}", {"le": bound}
        )
    return value


def _unique(names: list[str], what: str, where: str = "") -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            prefix = f"{where}: " if where else ""
            raise ValueError(
                f"{prefix}{what} {name!r} is given twice ({what} names must be unique)"
            )
        seen.add(name)


class RuleSpec(_Strict):
    """The built-in decision rule's behavioural constants (``[world.rule]``): thresholds and
    rates of the rule's discrete acts (:mod:`herz.engine.policy`) and of the postures they
    leave. Declared here so that sweeps, audits and the web can reach them; the defaults are
    herz's stylised choices, not estimates."""

    alert_gain: float = Field(
        2.0, ge=0, le=100, description="Alert level per unit of relative security shortfall."
    )
    alert_decay: float = Field(
        0.7, ge=0, le=1, description="Share of last step's alert that stands if not renewed."
    )
    crisis_alert: float = Field(
        0.8, ge=0, le=1, description="Alert level both parties go to in a crisis."
    )
    sanction_belief: float = Field(
        0.7, ge=0, lt=1, description="Belief that a rival is greedy above which sanctions start."
    )
    ally_trust: float = Field(
        0.3, ge=0, le=1, description="Belief below which an insecure state offers an alliance."
    )
    ally_rate: float = Field(
        0.2, ge=0, le=1, description="Chance per step that such an alliance offer is made."
    )
    covert_belief: float = Field(
        0.9, ge=0, le=1,
        description="Belief about its main threat above which a security-seeker acts covertly.",
    )
    covert_rate: float = Field(
        0.2, ge=0, le=1, description="Chance per step that a covert attack is made."
    )
    abandon_belief: float = Field(
        0.85, ge=0, le=1, description="Belief about a partner above which a party leaves a treaty."
    )
    cap_binding: float = Field(
        0.95, gt=0, le=1,
        description="Share of a cap at which it binds (a greedy party then cheats; verified "
        "compliance then counts as evidence).",
    )
    surge: float = Field(
        1.05, ge=1, le=10,
        description="Spending above this multiple of upkeep is a surge: an escalation.",
    )
    new_posture: float = Field(
        0.05, ge=0, le=1,
        description="Rise of a deployment or sanction that counts as a new hostile act.",
    )


class WorldSpec(_Strict):
    """Parameters of the international system shared by all actors."""

    offense_dominance: float = Field(
        0.5, ge=0, le=1, description="0: defence has the advantage; 1: offence has it (Jervis)."
    )
    distinguishability: float = Field(
        0.5, ge=0, le=1, description="How well defensive postures can be told from offensive."
    )
    offense_multiplier: float = Field(
        3.0, ge=1, description="Attack effectiveness ratio at full offence dominance."
    )
    hostility_floor: float = Field(
        0.1, ge=0, le=1, description="Threat weight of a rival believed benign: intent can change."
    )
    alliance_commitment: float = Field(
        0.6, ge=0, le=1, description="Share of allies' defence an actor counts as its own."
    )
    assured_destruction: float = Field(
        1.0, gt=0, description="Surviving retaliatory weight that half-deters an attacker."
    )
    observation_noise: float = Field(
        0.3, ge=0, le=2, description="Log-sd of force estimates with no intelligence at all."
    )
    arming_noise: float = Field(
        0.15, ge=0, le=2, description="Relative sd of arming decisions (exogenous variation)."
    )
    model_uncertainty: float = Field(
        0.5,
        ge=0.01,
        le=5,
        description="Log-sd of others' spending that an observer's model cannot explain.",
    )
    arming_rate: float = Field(
        0.3, gt=0, le=1, description="Share of the gap to desired forces closed per step."
    )
    greed_premium: float = Field(
        0.3, ge=0, description="Extra arming of a greedy actor, as a share of its needed forces."
    )
    incident_rate: float = Field(
        0.02, ge=0, le=1, description="Incident probability per pair per step at rest."
    )
    incident_militarization: float = Field(
        0.0, ge=0, le=4,
        description="Elasticity of a pair's incident rate in the geometric mean of the two "
        "sides' defence burdens (spending / GDP, relative to 5%): militarized pairs meet more "
        "often (Bremer 1992). 0: every pair at the same rate.",
    )
    misread: float = Field(
        0.4, ge=0, le=1, description="Probability that an incident is misread as an attack."
    )
    hotline_effect: float = Field(
        0.75, ge=0, le=1, description="Share of misreadings a hotline prevents."
    )
    crisis_hotline_prob: float = Field(
        0.0, ge=0, le=1, description="Probability a pair opens a hotline after a crisis."
    )
    forecast_window: int = Field(3, ge=1, le=50, description="Steps used to see a power trend.")
    forecast_horizon: int = Field(5, ge=1, le=100, description="Steps a trend is projected.")
    discount: float = Field(0.9, gt=0, lt=1, description="Per-step discount factor.")
    war_cost: float = Field(
        0.1, ge=0, le=1, description="Share of GDP and forces each side loses in a war."
    )
    war_prize: float = Field(
        0.2, ge=0, le=1, description="Share of the loser's GDP that goes to the winner."
    )
    war_cooldown: int = Field(5, ge=1, le=100, description="Steps before a pair can fight again.")
    sanction_effect: float = Field(
        0.02, ge=0, le=1, description="Growth lost per step under full sanctions."
    )
    covert_effect: float = Field(
        0.1, ge=0, le=1, description="Share of a class destroyed by a full covert attack."
    )
    covert_detection: float = Field(
        0.5, ge=0, le=1, description="Probability a covert attack is attributed."
    )
    bogus_exposure: float = Field(
        0.3, ge=0, le=1, description="Probability per step that a bogus explanation is exposed."
    )
    credibility_loss: float = Field(
        0.7, ge=0, le=1, description="Share of credibility lost when a bogus reason is exposed."
    )
    statement_weight: float = Field(
        0.8, ge=0, le=1, description="How far a fully credible statement lifts empathy."
    )
    rationality: float = Field(
        15.0, gt=0, le=1000,
        description="How sharply war choices follow their expected advantage (logit quantal "
        "response; McKelvey & Palfrey 1995): large values approach a hard threshold.",
    )
    war_hazard_max: float = Field(
        0.5, ge=0, le=1, description="Chance per step of acting when war is clearly preferred."
    )
    first_mover_advantage: float = Field(
        0.5, ge=0, le=5,
        description="Boost to a first striker's offence at full offence dominance (Schelling).",
    )
    resolve_uncertainty: float = Field(
        0.5, ge=0, lt=1,
        description="Relative spread of a state's uncertainty about a target's cost of war "
        "(Fearon's private information).",
    )
    demand_rate: float = Field(
        0.3, ge=0, le=1,
        description="Chance per step that a greedy state with something to gain presses a demand.",
    )
    retaliation_cost: float = Field(
        0.5, ge=0, le=100,
        description="Share of its own GDP a state expects a full nuclear strike to destroy "
        "(McNamara's 'assured destruction' criterion of the 1960s: half of industry).",
    )
    type_change: float = Field(
        0.03, ge=0, le=0.5,
        description="Chance per step that a state's motives change (leaders turn over): "
        "observers pull their beliefs this far back towards their prior each step.",
    )
    act_noise: float = Field(
        0.1, ge=0.001, le=0.5,
        description="Chance an observer allows that a state acts against what its type's rule "
        "would do (a tremble): bounds the evidence one act gives.",
    )
    rule: RuleSpec = Field(
        default_factory=RuleSpec, description="Constants of the built-in decision rule."
    )
    alert_threat: float = Field(
        0.5, ge=0, le=5,
        description="How much a full alert raises the threat others see in a state's forces.",
    )

    @field_validator("offense_multiplier", "greed_premium")
    @classmethod
    def _sane_ratio(cls, value: float) -> float:
        return _at_most(value, 100.0)

    @field_validator("assured_destruction")
    @classmethod
    def _sane_weight(cls, value: float) -> float:
        return _at_most(value, MAX_QUANTITY)


Motive = Literal["security", "greedy"]


class ActorSpec(_Strict):
    """One state: economy, forces, private motive, beliefs and behaviour."""

    name: str = Field(min_length=1, max_length=60)
    gdp: float = Field(
        gt=0, le=MAX_QUANTITY,
        description="Gross domestic product (any unit, the same for all).",
    )
    growth: float = Field(0.02, ge=-0.5, le=0.5, description="GDP growth per step.")
    forces: dict[str, Quantity] = Field(
        default_factory=dict, description="Initial stock per force class (units of stock)."
    )
    motive: Motive | None = Field(
        None, description="Fixed private type; leave out and give p_greedy to draw it per run."
    )
    p_greedy: float | None = Field(
        None, ge=0, le=1, description="Probability the actor is greedy, drawn per run."
    )
    reputation: float = Field(
        0.2, ge=0, le=1, description="Others' prior belief that this actor is greedy."
    )
    empathy: float = Field(
        0.5, ge=0, le=1, description="How well it models how its own acts look to others."
    )
    worst_case: float = Field(
        0.1, ge=0, le=1, description="Weight it puts on the worst case about others' motives."
    )
    intelligence: float = Field(
        0.5, ge=0, le=1, description="Quality of intelligence: 1 sees others' forces exactly."
    )
    cost_sensitivity: float = Field(
        1.0, ge=0, le=10, description="How strongly the cost of arms restrains it."
    )
    target_security: float = Field(0.6, gt=0, lt=1, description="Security level it seeks.")
    min_budget_share: float = Field(
        0.0, ge=0, le=1,
        description="Least of its GDP it spends on forces in a step, whatever its security "
        "(domestic commitments, institutional inertia; e.g. an alliance's spending pledge).",
    )
    max_budget_share: float = Field(
        0.1, gt=0, le=1, description="Most of its GDP it can spend on forces in a step."
    )
    trust_asymmetry: float = Field(
        3.0, ge=1, le=100, description="How much more bad news than good moves its beliefs."
    )
    candor: float = Field(
        0.0,
        ge=0,
        le=1,
        description="Probability per step that it explains its arming to each rival "
        "(a greedy actor's explanation is a bogus reason).",
    )
    procurement: dict[str, Quantity] | None = Field(
        None, description="Share of new spending per class (default: the catalogue's)."
    )
    policy: str = Field(
        "default",
        description="'default' (the built-in rule), 'passive' (only its timeline), or "
        "'module:function' naming a Python policy.",
    )

    @model_validator(mode="after")
    def _motive_or_prior(self) -> ActorSpec:
        if self.min_budget_share > self.max_budget_share:
            raise ValueError("min_budget_share exceeds max_budget_share")
        if self.motive is None and self.p_greedy is None:
            self.motive = "security"
        if self.motive is not None and self.p_greedy is not None:
            raise ValueError("give either motive or p_greedy, not both")
        return self


class AllianceSpec(_Strict):
    """A named alliance: its members are each other's allies."""

    name: str = Field(min_length=1)
    members: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct(self) -> AllianceSpec:
        _unique(self.members, "member")
        return self


class AgreementSpec(_Strict):
    """An arms-control agreement: caps on stocks by class, monitored with a detection chance."""

    name: str = Field(min_length=1)
    members: list[str] = Field(min_length=2)
    caps: dict[str, Quantity] = Field(
        default_factory=dict, description="Most stock per class each member may hold."
    )
    monitoring: float = Field(
        0.5, ge=0, le=1, description="Probability per step that cheating is detected."
    )
    start: int = Field(0, ge=0, le=MAX_STEPS, description="Step at which it enters into force.")

    @model_validator(mode="after")
    def _distinct(self) -> AgreementSpec:
        _unique(self.members, "member")
        return self


class TimelineEntry(_Strict):
    """A scripted action: at ``step`` (or ``year``) ``actor`` takes ``action``."""

    step: int | None = Field(None, ge=0, le=MAX_STEPS)
    year: float | None = Field(
        None, ge=-MAX_YEAR, le=MAX_YEAR, description="Calendar year (needs the scenario's start)."
    )
    actor: str
    action: str = Field(description="One of: " + ", ".join(ACTION_NAMES))
    target: str | None = None
    against: str | None = Field(None, description="For 'proxy': the rival the proxy fights.")
    force_class: str | None = None
    amount: float = Field(
        1.0, ge=0, le=MAX_QUANTITY,
        description="A level or share in [0, 1] for " + ", ".join(
            sorted(a.name.lower() for a in LEVEL_ACTIONS)) + "; GDP units for 'arm', units of "
        "stock for 'disarm' and 'transfer'.",
    )
    alliance: str | None = None
    agreement: str | None = None
    honest: bool = True
    note: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _check(self) -> TimelineEntry:
        if (self.step is None) == (self.year is None):
            raise ValueError("give exactly one of step or year")
        if self.action not in ACTION_NAMES:
            raise ValueError(f"unknown action {self.action!r}")
        action = ACTION_NAMES[self.action]
        needs_target = action in TARGETED and action is not Action.ALLY
        if needs_target and self.target is None:
            raise ValueError(f"action {self.action!r} needs a target")
        if action is Action.ALLY and self.target is None and self.alliance is None:
            raise ValueError("action 'ally' needs a target or an alliance")
        return self

    @field_validator("amount")
    @classmethod
    def _level(cls, value: float, info: ValidationInfo) -> float:
        action = ACTION_NAMES.get(str(info.data.get("action")))
        if action in LEVEL_ACTIONS and value > 1.0:
            raise PydanticCustomError(
                "level_range",
                "{amount} is too large: the amount of '{action}' is a level",
                {"amount": value, "action": info.data.get("action"), "ge": 0, "le": 1},
            )
        return value

    @field_validator("target", "against")
    @classmethod
    def _not_self(cls, value: str | None, info: ValidationInfo) -> str | None:
        others = [info.data.get("actor")]
        if info.field_name == "against":
            others.append(info.data.get("target"))
        if value is not None and value in others:
            who = "the actor" if value == others[0] else "the target"
            raise ValueError(f"{value!r} is {who} itself")
        return value

    @property
    def code(self) -> Action:
        return ACTION_NAMES[self.action]


class BeliefSpec(_Strict):
    """An initial belief of ``holder`` that ``about`` is greedy."""

    holder: str
    about: str
    value: float = Field(ge=0, le=1)

    @field_validator("about")
    @classmethod
    def _other(cls, value: str, info: ValidationInfo) -> str:
        if value == info.data.get("holder"):
            raise ValueError(f"{value!r} is the holder itself: a belief is about another actor")
        return value


class Scenario(_Strict):
    """A world of states, its forces, institutions and scripted history."""

    name: str = "unnamed scenario"
    description: str = ""
    steps: int = Field(50, ge=1, le=MAX_STEPS, description="Horizon in steps.")
    start_year: float | None = Field(
        None, ge=-MAX_YEAR, le=MAX_YEAR, description="Calendar year of step 0."
    )
    step_years: float = Field(1.0, gt=0, le=MAX_STEP_YEARS, description="Years per step.")
    world: WorldSpec = Field(default_factory=WorldSpec)
    forces: list[ForceClass] = Field(
        default_factory=default_classes,
        description="Force classes (default: the built-in catalogue).",
    )
    actors: list[ActorSpec] = Field(min_length=2, max_length=MAX_ACTORS)
    alliances: list[AllianceSpec] = Field(default_factory=list)
    agreements: list[AgreementSpec] = Field(default_factory=list)
    hotlines: list[Pair] = Field(default_factory=list)
    contacts: list[Pair] | None = Field(
        None,
        description="Pairs that can clash: incidents, forward deployments, coercion and wars "
        "chosen by the built-in rule happen only between them (politically relevant dyads: "
        "neighbours, or a great power and a state within its reach). Leave out for all pairs.",
    )
    beliefs: list[BeliefSpec] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cross_references(self) -> Scenario:
        actors = [a.name for a in self.actors]
        classes = [c.name for c in self.forces]
        _unique(actors, "actor", "actors")
        _unique(classes, "force class", "forces")
        _unique([al.name for al in self.alliances], "alliance", "alliances")
        _unique([g.name for g in self.agreements], "agreement", "agreements")

        def need(kind: str, name: str | None, known: list[str], where: str) -> None:
            if name is not None and name not in known:
                raise ValueError(f"{where}: unknown {kind} {name!r} (known: {', '.join(known)})")

        for i, actor in enumerate(self.actors):
            for c in [*actor.forces, *(actor.procurement or {})]:
                need("force class", c, classes, f"actors.{i}")
        for i, al in enumerate(self.alliances):
            for m in al.members:
                need("actor", m, actors, f"alliances.{i}.members")
        agreements = [g.name for g in self.agreements]
        for i, g in enumerate(self.agreements):
            for m in g.members:
                need("actor", m, actors, f"agreements.{i}.members")
            for c in g.caps:
                need("force class", c, classes, f"agreements.{i}.caps")
        for kind, pairs in (("hotlines", self.hotlines), ("contacts", self.contacts or [])):
            for i, pair in enumerate(pairs):
                for name in pair:
                    need("actor", name, actors, f"{kind}.{i}")
                if pair[0] == pair[1]:
                    raise ValueError(f"{kind}.{i}: {pair[0]!r} is paired with itself")
        for i, belief in enumerate(self.beliefs):
            need("actor", belief.holder, actors, f"beliefs.{i}.holder")
            need("actor", belief.about, actors, f"beliefs.{i}.about")
        alliances = [al.name for al in self.alliances]
        for i, e in enumerate(self.timeline):
            need("actor", e.actor, actors, f"timeline.{i}.actor")
            need("actor", e.target, actors, f"timeline.{i}.target")
            need("actor", e.against, actors, f"timeline.{i}.against")
            need("force class", e.force_class, classes, f"timeline.{i}.force_class")
            need("alliance", e.alliance, alliances, f"timeline.{i}.alliance")
            need("agreement", e.agreement, agreements, f"timeline.{i}.agreement")
            if e.year is not None and self.start_year is None:
                raise ValueError(f"timeline.{i}: a year needs the scenario's start_year")
            if e.code in (Action.ARM, Action.DISARM, Action.TRANSFER) and e.force_class is None:
                raise ValueError(f"timeline.{i}: action {e.action!r} needs a force_class")
        return self

    @property
    def actor_names(self) -> list[str]:
        return [a.name for a in self.actors]

    def step_of(self, entry: TimelineEntry) -> int:
        """The step at which a timeline entry happens."""
        if entry.step is not None:
            return entry.step
        assert entry.year is not None and self.start_year is not None
        return max(0, round((entry.year - self.start_year) / self.step_years))

    def year_of(self, step: int) -> float | None:
        return None if self.start_year is None else self.start_year + step * self.step_years


_OPS = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
#: What is allowed, by pydantic error type, where the error's context does not say.
_ALLOWED_BY_TYPE = {
    "finite_number": "a finite number",
    "float_type": "a number",
    "int_type": "an integer (not a bool, a string or a float)",
    "bool_type": "true or false",
    "string_type": "a string",
    "dict_type": "a table",
    "list_type": "an array",
    "tuple_type": "an array of two names",
    "missing": "see `herz schema`",
    "literal_error": "",
}


def _shown(value: Any) -> str:
    text = json.dumps(value) if isinstance(value, str | bool) or value is None else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def error_from_validation(err: ValidationError, source: str) -> HerzInputError:
    """The first error of a pydantic validation as one line: the field, the problem and what is
    allowed (shared by scenarios, sweeps and cases)."""
    first = err.errors()[0]
    field = ".".join(str(p) for p in first["loc"])
    kind = first["type"]
    msg = first["msg"].removeprefix("Value error, ")
    ctx = first.get("ctx") or {}
    allowed = ", ".join(
        f"{_OPS[k]} {v:g}" if isinstance(v, int | float) else f"{_OPS[k]} {v}"
        for k, v in ctx.items() if k in _OPS
    )
    if kind in ("less_than_equal", "less_than", "greater_than", "greater_than_equal"):
        msg = f"{msg}, not {_shown(first.get('input'))}"
    if kind in _ALLOWED_BY_TYPE:
        allowed = allowed or _ALLOWED_BY_TYPE[kind]
        if kind != "missing" and not isinstance(first.get("input"), dict | list):
            msg = f"{msg}, not {_shown(first.get('input'))}"
    if kind == "extra_forbidden":
        msg, allowed = "unknown field", "see `herz schema`"
    return HerzInputError(msg, field=field, allowed=allowed, source=source)


def parse_scenario(data: dict[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a scenario given as a dict (as read from TOML or JSON)."""
    if not isinstance(data, dict):
        raise HerzInputError("a scenario is a table", allowed="a TOML file or a JSON object",
                             source=source)
    check_depth(data, source, MAX_DEPTH)
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise error_from_validation(err, source) from None


def read_toml(path: str | Path) -> dict[str, Any]:
    """Read a TOML file, turning every failure into a one-line :class:`HerzInputError`.

    Only a regular file of at most :data:`herz.inputs.MAX_FILE_BYTES` is read, and tables and
    arrays may nest at most :data:`herz.inputs.MAX_DEPTH` levels.
    """
    return read_toml_file(path)


def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Read, override (``PATH=VALUE`` strings) and validate a scenario file."""
    data = read_toml(path)
    data = apply_overrides(data, overrides or [], source=str(path))
    return parse_scenario(data, source=str(path))


def _parse_value(text: str) -> Any:
    """A ``--set`` value is read as a TOML value; anything else is a bare string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return text


def apply_overrides(data: dict[str, Any], overrides: list[str], source: str) -> dict[str, Any]:
    """Return a copy of ``data`` with each ``PATH=VALUE`` applied.

    A path is dotted; list items are addressed by index or, for lists of named tables (actors,
    alliances, agreements), by name: ``actors.Blue.empathy=0.9``, ``world.misread=0.1``.
    The result is validated like the file itself, so an unknown field is an error.
    """
    data = copy.deepcopy(data)
    top_level = Scenario.model_fields
    for item in overrides:
        if "=" not in item:
            raise HerzInputError(
                f"--set {item!r} is not PATH=VALUE",
                field="--set",
                allowed="PATH=VALUE, e.g. world.misread=0.1",
                source=source,
            )
        path, _, raw = item.partition("=")
        keys = path.strip().split(".")
        if len(keys) > MAX_OVERRIDE_DEPTH:
            raise HerzInputError(
                f"--set path {path[:60]!r} has {len(keys)} keys",
                field="--set",
                allowed=f"at most {MAX_OVERRIDE_DEPTH} keys, e.g. actors.Blue.forces.nuclear=5",
                source=source,
            )
        if keys[0] not in top_level:
            raise HerzInputError(
                f"unknown --set path {path!r}",
                field="--set",
                allowed=", ".join(top_level),
                source=source,
            )
        _set_path(data, keys, _parse_value(raw.strip()), path, source)
    return data


def _set_path(data: dict[str, Any], keys: list[str], value: Any, path: str, source: str) -> None:
    node: Any = data
    for depth, key in enumerate(keys):
        last = depth == len(keys) - 1
        if isinstance(node, list):
            index = next(
                (i for i, it in enumerate(node) if isinstance(it, dict) and it.get("name") == key),
                None,
            )
            if index is None and key.isdigit() and int(key) < len(node):
                index = int(key)
            if index is None:
                raise HerzInputError(
                    f"--set path {path!r}: no item {key!r}",
                    field="--set",
                    allowed="an index or a name in the list",
                    source=source,
                )
            if last:
                node[index] = value
            else:
                node = node[index]
            continue
        if not isinstance(node, dict):
            raise HerzInputError(
                f"--set path {path!r} goes below a value", field="--set", source=source
            )
        if last:
            node[key] = value
        else:
            node = node.setdefault(key, {})  # e.g. ``world`` when the file has none


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the resolved scenario's canonical JSON: identifies the inputs of a run."""
    text = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
