"""The schema of a case's metadata file (``<file>.case.toml``).

A case is a scenario file in the engine's own schema (:class:`herz.engine.scenario.Scenario`)
plus this metadata, which the scenario schema has no room for: the data sets the case was built
from, how each actor's observed military spending is read from them, the free parameters with
their justification and plausible range, the calibrated values and their fit, and the named
counterfactual branches. Parameter ranges are declared apart from the model so that one
declaration feeds a run, a calibration and a sensitivity design (Kwakkel 2017, EMA Workbench).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "ActorCode",
    "ActorData",
    "CaseMeta",
    "Calibration",
    "Contact",
    "Counterfactual",
    "Observed",
    "Parameter",
    "SPENDING_COLUMNS",
    "TimelineMatch",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorData(_Strict):
    """Where one actor's numbers come from.

    ``series`` names the rows of the spending data set (SIPRI country names or COW codes); an
    aggregate actor sums several. GDP is read from the data (SIPRI: spending / share of GDP) or,
    where the data have no GDP, is spending divided by the stated defence ``burden``.
    """

    name: str
    series: list[str] = Field(min_length=1)
    burden: float | None = Field(None, gt=0, lt=1, description="Defence share of GDP, if stated.")
    burden_range: tuple[float, float] | None = None
    why: str = ""

    @model_validator(mode="after")
    def _range(self) -> ActorData:
        if self.burden is not None:
            if self.burden_range is None or not self.why:
                raise ValueError("a stated burden needs burden_range and why")
            lo, hi = self.burden_range
            if not lo <= self.burden <= hi:
                raise ValueError("burden must lie in burden_range")
        return self


class ActorCode(_Strict):
    """Standard codes of one actor of the scenario, to join its outputs to other data.

    ``kind``: ``state`` (one Correlates of War code, ``ccode``, and its ISO 3166-1 alpha-3 code
    where one exists: none for Austria-Hungary; ISO 3166-3's former code ``SUN`` for the USSR),
    ``aggregate`` (several states modelled as one actor, e.g. "NATO Europe": every member's
    codes, in the same order), ``non-state`` (no state codes; e.g. Hezbollah) or ``unknown``
    (codes not given yet, as ``herz case new`` writes them when it is not told them: the actor
    has no codes in the outputs and ``herz case backtest`` leaves its pairs out). COW codes:
    Correlates of War Project (2017), State System Membership List v2016.
    """

    actor: str
    kind: Literal["state", "aggregate", "non-state", "unknown"]
    ccode: list[int] = Field(default_factory=list)
    iso3: list[str] = Field(default_factory=list)
    why: str = ""

    @model_validator(mode="after")
    def _codes(self) -> ActorCode:
        if self.kind == "state" and len(self.ccode) != 1:
            raise ValueError(f"{self.actor}: a state has exactly one ccode")
        if self.kind == "aggregate" and len(self.ccode) < 2:
            raise ValueError(f"{self.actor}: an aggregate lists its members' ccodes (2 or more)")
        if self.kind in ("non-state", "unknown") and (self.ccode or self.iso3):
            raise ValueError(f"{self.actor}: a {self.kind} actor has no state codes")
        if self.iso3 and (len(self.iso3) > len(self.ccode)
                          or any(len(c) != 3 or not c.isupper() for c in self.iso3)):
            raise ValueError(f"{self.actor}: iso3 holds upper-case alpha-3 codes, one per ccode")
        if self.kind != "state" and not self.why:
            raise ValueError(f"{self.actor}: say why the actor is an aggregate or non-state")
        return self


#: The columns of a spending file of one's own (``observed.file``): ``series`` names the row's
#: series (what ``actors.series`` lists), ``year`` a calendar year, ``spending`` the military
#: spending in the file's unit; ``gdp`` (optional, same unit) the GDP of that series and year.
SPENDING_COLUMNS = ("series", "year", "spending")


class Observed(_Strict):
    """The observed military spending series the case is calibrated against.

    Either ``dataset``, a packaged data set, or ``file``, a CSV file of one's own beside the
    case file (columns :data:`SPENDING_COLUMNS` and optionally ``gdp``; lines starting with
    ``#`` are comments), whose origin ``citation`` states.
    """

    dataset: Literal["sipri_cases", "nmc_cases"] | None = None
    file: str | None = Field(
        None, min_length=1, description="A spending CSV beside the case file (series, year, "
        "spending, optional gdp)."
    )
    citation: str = Field("", description="Where the numbers of ``file`` come from.")
    unit: str = Field(description="The scenario's GDP unit, e.g. 'billion constant 2023 US$'.")
    scale: float = Field(gt=0, description="Multiplier from the data's unit to the GDP unit.")
    first_year: int
    last_year: int

    @model_validator(mode="after")
    def _one_source(self) -> Observed:
        if (self.dataset is None) == (self.file is None):
            raise ValueError("give either dataset (packaged) or file (a CSV beside the case "
                             "file), not both")
        if self.file is not None and not self.citation.strip():
            raise ValueError("a spending file needs a citation: where its numbers come from")
        if self.last_year < self.first_year:
            raise ValueError("last_year is before first_year")
        return self


class Parameter(_Strict):
    """A parameter of the case: its path in the scenario, prior, plausible range and reason."""

    path: str
    prior: float
    low: float
    high: float
    calibrate: bool = False
    why: str = Field(min_length=10)

    @model_validator(mode="after")
    def _inside(self) -> Parameter:
        if not self.low <= self.prior <= self.high:
            raise ValueError(f"{self.path}: prior must lie in [low, high]")
        return self


class Contact(_Strict):
    """A pair of actors within reach of each other: a politically relevant dyad (Maoz & Russett
    1993, "Normative and Structural Causes of Democratic Peace"; Lemke & Reed 2001, "The
    Relevance of Politically Relevant Dyads"). ``basis`` names the library's rule that admits it
    (docs/howto/add-a-case.md): ``contiguity`` (land, or at most 400 miles of water, the Correlates
    of War direct-contiguity classes 1-5; Stinnett et al. 2002) or ``reach`` (a COW major power
    with forces stationed at the case's start in the other or in a state contiguous to it)."""

    pair: tuple[str, str]
    basis: Literal["contiguity", "reach"]
    why: str = Field(min_length=10)
    source: str = Field(min_length=5)

    @model_validator(mode="after")
    def _two(self) -> Contact:
        if self.pair[0] == self.pair[1]:
            raise ValueError(f"contact {self.pair}: an actor is not its own contact")
        return self


class Calibration(_Strict):
    """The result of ``herz case calibrate`` recorded in the case (the values are in the TOML)."""

    values: dict[str, float]
    rmse: float = Field(ge=0, description="RMSE of log spending of the calibrated case.")
    seed: int
    runs: int
    command: str


class TimelineMatch(_Strict):
    """Selects timeline entries by their fields (every given field must match)."""

    year: float | None = None
    step: int | None = None
    actor: str | None = None
    action: str | None = None
    target: str | None = None
    alliance: str | None = None
    agreement: str | None = None

    def matches(self, entry: dict[str, Any]) -> bool:
        given = self.model_dump(exclude_none=True)
        return bool(given) and all(entry.get(k) == v for k, v in given.items())


class Counterfactual(_Strict):
    """A named branch: timeline entries removed and added, and fields set (nothing else)."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    description: str = Field(min_length=10)
    remove: list[TimelineMatch] = Field(default_factory=list)
    add: list[dict[str, Any]] = Field(default_factory=list)
    set: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something(self) -> Counterfactual:
        if not (self.remove or self.add or self.set):
            raise ValueError(f"counterfactual {self.name!r} changes nothing")
        return self


class CaseMeta(_Strict):
    """The metadata of one case."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    question: str
    scenario: str = Field(description="The scenario file, beside this one.")
    datasets: list[str] = Field(
        default_factory=list, description="The packaged data sets the case uses (herz cite)."
    )
    observed: Observed
    actors: list[ActorData]
    codes: list[ActorCode] = Field(
        default_factory=list, description="Standard codes of every actor of the scenario."
    )
    procurement_note: str = ""
    parameters: list[Parameter] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    calibration: Calibration | None = None
    counterfactuals: list[Counterfactual] = Field(default_factory=list)
