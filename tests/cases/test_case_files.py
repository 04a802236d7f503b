"""A case file anywhere: :func:`herz.cases.load_case` takes a library name or a path, reads the
scenario and the spending file from beside the case file, and refuses every broken case with
one line naming the file and the field."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from case_support import copy_library_case

from herz.cases import (
    case_scenario,
    derived_initial,
    load_case,
    observed_file,
    observed_spending,
    read_spending_file,
)
from herz.cases.calibrate import calibrate
from herz.engine.simulate import simulate
from herz.errors import HerzInputError


def own_case(folder: Path, csv: str | None = None) -> Path:
    """A two-actor case with its own spending file (GDP in the file), written into ``folder``."""
    (folder / "duo.toml").write_text(
        'name = "duo"\nstart_year = 1990\nsteps = 4\n'
        '[[actors]]\nname = "Red"\ngdp = 100\n'
        '[[actors]]\nname = "Blue"\ngdp = 200\n'
        '[[timeline]]\nyear = 1991\nactor = "Red"\naction = "alert"\namount = 0.5\n',
        encoding="utf-8")
    (folder / "duo.case.toml").write_text(
        'name = "duo"\ntitle = "Duo"\nquestion = "Does it work?"\nscenario = "duo.toml"\n'
        '[observed]\nfile = "spend.csv"\ncitation = "Made up for a test."\nunit = "bn"\n'
        'scale = 0.5\nfirst_year = 1990\nlast_year = 1992\n'
        '[[actors]]\nname = "Red"\nseries = ["R1", "R2"]\n'
        '[[actors]]\nname = "Blue"\nseries = ["B"]\n'
        '[[codes]]\nactor = "Red"\nkind = "unknown"\nwhy = "not yet"\n'
        '[[codes]]\nactor = "Blue"\nkind = "state"\nccode = [2]\niso3 = ["USA"]\n'
        '[[parameters]]\npath = "actors.Red.target_security"\nprior = 0.6\nlow = 0.4\n'
        'high = 0.8\ncalibrate = true\nwhy = "Unobserved; fitted to spending."\n'
        '[[counterfactuals]]\nname = "calm"\ndescription = "Red raises no alert."\n'
        'remove = [{ year = 1991, actor = "Red" }]\n',
        encoding="utf-8")
    (folder / "spend.csv").write_text(csv if csv is not None else (
        "# a comment line\nseries,year,spending,gdp\n"
        "R1,1990,2,100\nR2,1990,4,300\nB,1990,10,400\n"
        "R1,1991,3,110\nR2,1991,4,\nB,1991,11,420\n"
        "R1,1992,3,120\nR2,1992,5,320\nB,1992,12,440\nB,1999,99,999\n"), encoding="utf-8")
    return folder / "duo.case.toml"


def test_a_copied_library_case_is_the_same_case(tmp_path: Path) -> None:
    """Loaded from a copy of its files, a library case gives the same scenario, data and runs:
    the path and the name go through one resolver."""
    path = copy_library_case("pre-1914", tmp_path)
    by_name, by_path = load_case("pre-1914"), load_case(path)
    assert not by_path.packaged and by_name.packaged
    assert by_path.file == str(path) and by_path.source == str(tmp_path / "pre_1914.toml")
    assert case_scenario(by_path, ["no-entente"]) == case_scenario(by_name, ["no-entente"])
    assert observed_spending(by_path) == observed_spending(by_name)
    assert derived_initial(by_path) == derived_initial(by_name)
    a = simulate(case_scenario(by_name), 5, rng=4, keep=1)
    b = simulate(case_scenario(by_path), 5, rng=4, keep=1)
    assert np.array_equal(a.mean["spending"], b.mean["spending"])


def test_own_spending_file_sums_series_and_scales(tmp_path: Path) -> None:
    case = load_case(str(own_case(tmp_path)))
    spend = observed_spending(case)
    # Red sums R1 and R2 in the years both have a value; scale 0.5; the window ends in 1992.
    assert spend == {"Red": {1990: 3.0, 1991: 3.5, 1992: 4.0}, "Blue": {1990: 5.0, 1991: 5.5,
                                                                         1992: 6.0}}
    init = derived_initial(case)
    assert init["Red"]["gdp"] == pytest.approx(0.5 * (100 + 300))
    # Red's GDP is missing in 1991 (an empty cell): growth comes from 1990 and 1992.
    assert init["Red"]["growth"] == pytest.approx(np.sqrt(440 / 400) - 1)
    assert init["Blue"]["growth"] == pytest.approx(np.sqrt(440 / 400) - 1)
    record = observed_file(case)
    assert record is not None and record["file"] == "spend.csv" and len(record["sha256"]) == 64
    assert observed_file(load_case("pre-1914")) is None


def test_own_case_calibrates_on_its_file(tmp_path: Path) -> None:
    res = calibrate(load_case(own_case(tmp_path)), runs=2, seed=0, max_nfev=1)
    assert res.n_obs == 6 and res.case == "duo"


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda d: (d / "spend.csv").unlink(), ["duo.case.toml", "observed.file", "spend.csv"]),
        (lambda d: (d / "duo.toml").unlink(), ["duo.case.toml", "scenario", "duo.toml"]),
        (lambda d: (d / "duo.case.toml").write_text('name = "duo"\ntitle = = 3\n',
                                                     encoding="utf-8"),
         ["duo.case.toml", "not valid TOML", "line 2"]),
        (lambda d: (d / "duo.case.toml").write_text(
            (d / "duo.case.toml").read_text().replace("scale = 0.5", "scale = -1")),
         ["duo.case.toml", "observed.scale", "greater than 0"]),
        (lambda d: (d / "duo.case.toml").write_text(
            (d / "duo.case.toml").read_text().replace('citation = "Made up for a test."', "")),
         ["duo.case.toml", "observed", "citation"]),
        (lambda d: (d / "duo.case.toml").write_text(
            (d / "duo.case.toml").read_text().replace("datasets", "x").replace(
                'scenario = "duo.toml"', 'scenario = "duo.toml"\ndatasets = ["nope"]')),
         ["duo.case.toml", "datasets", "nope", "sipri_cases"]),
        (lambda d: (d / "duo.toml").write_text("name = 'duo'\nsteps = [", encoding="utf-8"),
         ["duo.toml", "not valid TOML"]),
    ],
)
def test_broken_case_files_are_one_line_errors(
    tmp_path: Path, edit: object, words: list[str]
) -> None:
    path = own_case(tmp_path)
    edit(tmp_path)  # type: ignore[operator]
    with pytest.raises(HerzInputError) as info:
        case = load_case(path)
        observed_spending(case)
    message = str(info.value)
    assert "\n" not in message
    for word in words:
        assert word in message, message


@pytest.mark.parametrize(
    ("csv", "words"),
    [
        ("series,year,gdp\nR1,1990,1\n", ["spend.csv", "spending", "missing column 'spending'"]),
        ("series,year,spending\nR1,1990,abc\n", ["spend.csv", "spending", "line 2", "'abc'"]),
        ("series,year,spending\nR1,1990,-1\n", ["spend.csv", "spending", ">= 0"]),
        ("series,year,spending\nR1,1990.5,1\n", ["spend.csv", "year", "whole year"]),
        ("series,year,spending\nR1,1990,1\nR1,1990,2\n", ["spend.csv", "given twice"]),
        ("series,year,spending\nR1,1990,1\nR2,1990,1\n",
         ["duo.case.toml", "actors.1.series", "'B'", "R1, R2"]),
    ],
)
def test_bad_spending_files_name_file_and_column(
    tmp_path: Path, csv: str, words: list[str]
) -> None:
    case = load_case(own_case(tmp_path, csv))
    with pytest.raises(HerzInputError) as info:
        observed_spending(case)
    for word in words:
        assert word in str(info.value), info.value


def test_read_spending_file_alone(tmp_path: Path) -> None:
    own_case(tmp_path)
    table = read_spending_file(tmp_path / "spend.csv")
    assert table["R2"][1991] == (4.0, None) and table["B"][1999] == (99.0, 999.0)
    with pytest.raises(HerzInputError, match="no such file"):
        read_spending_file(tmp_path / "absent.csv")


def test_names_and_paths_are_told_apart(tmp_path: Path) -> None:
    with pytest.raises(HerzInputError, match=r"no case 'atlantis'.*path of a case file"):
        load_case("atlantis")
    with pytest.raises(HerzInputError, match="no such file"):
        load_case(str(tmp_path / "absent.case.toml"))
    # A scenario given where a case file is expected says what it is.
    shutil.copy(resources.files("herz.examples") / "spiral.toml", tmp_path / "spiral.toml")
    with pytest.raises(HerzInputError, match="a scenario file, not a case file"):
        load_case(str(tmp_path / "spiral.toml"))
