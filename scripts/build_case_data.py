"""Build the small data subsets that the case library (herz.cases) packages.

Usage: ``python scripts/build_case_data.py SHARED_DATA_DIR``, where the directory holds the
original extracts (``cow_nmc/``, ``sipri_milex/``, ``alliances/``, ``nuclear/``, ``timeline/``),
each with a README naming its source repository and commit. The subsets are written under
``src/herz/data/<dataset>/``; each folder's ``PROVENANCE.toml`` is written by hand and says what
this script kept. herz never reads the originals at run time.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "herz" / "data"

#: COW codes of the states in the cases (README of the shared data lists them).
NMC_STATES = {2, 40, 200, 220, 255, 300, 325, 365, 710}
NMC_YEARS = [(1890, 1913), (1955, 1985)]
NMC_COLUMNS = ["stateabb", "ccode", "year", "milex", "milper", "irst", "pec", "tpop", "cinc"]

SIPRI_STATES = {
    "United States of America", "Russia", "USSR", "Ukraine", "Georgia", "Poland", "Germany",
    "United Kingdom", "France", "Iran", "Israel", "Saudi Arabia", "China", "Japan",
    "Philippines", "Viet Nam", "India", "Australia", "Korea, South", "Taiwan", "Yemen",
    "Estonia", "Latvia", "Lithuania",
}
SIPRI_COLUMNS = ["country", "year", "milex_const2023_usd_m", "milex_current_usd_m",
                 "milex_share_gdp"]

ATOP_STATES = {2, 200, 220, 255, 300, 325, 365, 369, 372, 630, 666, 670, 710, 740, 750, 816,
               840, 900}
ATOP_COLUMNS = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit",
                "phase", "defense", "offense", "neutral", "nonagg", "consul"]

FAS_STATES = {2, 365, 200, 220, 710, 666, 750}

#: Dispute data for the training cases (pre-1914, cuba-1962, cold-war-1976): dyad-years among
#: their states, from 20 years before each case (the pairs' own history) to its end; nothing
#: after 1993.
MID_STATES = {2, 40, 200, 220, 255, 300, 365, 710}
MID_YEARS = (1888, 1983)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{path.relative_to(OUT)}: {len(rows)} rows")


def main(shared: Path) -> None:
    nmc = [
        r for r in _rows(shared / "cow_nmc" / "nmc_v7_0.csv")
        if int(r["ccode"]) in NMC_STATES
        and any(lo <= int(r["year"]) <= hi for lo, hi in NMC_YEARS)
    ]
    _write(OUT / "nmc_cases" / "nmc_v7_case_states.csv", NMC_COLUMNS, nmc)

    sipri = [
        r for r in _rows(shared / "sipri_milex" / "sipri_milex_1949_2024_long.csv")
        if r["country"] in SIPRI_STATES and r["milex_const2023_usd_m"]
    ]
    _write(OUT / "sipri_cases" / "milex_case_states_1949_2024.csv", SIPRI_COLUMNS, sipri)

    members = _rows(shared / "alliances" / "atop4_member_level.csv")
    by_id: dict[str, list[dict[str, str]]] = {}
    for r in members:
        by_id.setdefault(r["atopid"], []).append(r)
    keep = []
    for rows in by_id.values():
        states = {int(r["member"]) for r in rows}
        start = min(int(r["yrent"]) for r in rows)
        end = max(int(r["yrexit"]) or 9999 for r in rows)
        active = (start <= 1913 and end >= 1895) or (start <= 2016 and end >= 1990)
        if active and len(states & ATOP_STATES) >= 2:
            keep.extend(rows)
    _write(OUT / "atop_cases" / "atop4_member_level_case_states.csv", ATOP_COLUMNS, keep)

    (OUT / "nato_membership").mkdir(exist_ok=True)
    shutil.copyfile(shared / "alliances" / "nato_membership_compiled.csv",
                    OUT / "nato_membership" / "nato_membership_compiled.csv")

    triad = [
        r for r in _rows(shared / "nuclear" / "us_ussr_strategic_triad_1949_2002_from_suh2022.csv")
        if int(r["year"]) >= 1955
    ]
    columns = list(triad[0])
    _write(OUT / "nuclear_forces" / "us_ussr_strategic_triad_1955_2002.csv", columns, triad)
    fas = [
        r for r in _rows(shared / "nuclear" / "fas_warhead_stockpiles_1945_2023.csv")
        if r["ccode"] and int(r["ccode"]) in FAS_STATES and r["stockpile"]
    ]
    _write(OUT / "nuclear_forces" / "fas_warhead_stockpiles_case_states.csv",
           ["country", "ccode", "year", "stockpile"], fas)

    disputes = shared / "disputes"
    for name, out in (("gml_mid_ddydisps_2.2.1_to1993.csv", "gml_mid_ddy_case_states.csv"),
                      ("cow_interstate_war_v4_dyadyear_to1993.csv",
                       "cow_war_ddy_case_states.csv")):
        rows = [
            r for r in _rows(disputes / name)
            if int(r["ccode1"]) in MID_STATES and int(r["ccode2"]) in MID_STATES
            and MID_YEARS[0] <= int(r["year"]) <= MID_YEARS[1]
        ]
        _write(OUT / "mid_cases" / out, list(_rows(disputes / name)[0]), rows)

    (OUT / "case_timeline").mkdir(exist_ok=True)
    shutil.copyfile(shared / "timeline" / "key_dates_compiled.csv",
                    OUT / "case_timeline" / "key_dates_compiled.csv")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
