"""Write a case's data-derived initial values (gdp, growth, forces) into its scenario file.

Usage: ``python scripts/fill_case_initial.py NAME`` (a library case) or ``... PATH`` (a case file
of one's own, ``NAME.case.toml``) after writing the scenario with placeholder
``gdp``/``forces`` lines and its procurement shares. Uses :func:`herz.cases.derived_initial`,
the same function the tests check the file against; comments and everything else are kept.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import herz.cases
from herz.cases import derived_initial, load_case

ROOT = Path(herz.cases.__file__).resolve().parent


def main(name: str) -> None:
    case = load_case(name)
    derived = derived_initial(case)
    path = ROOT / case.meta.scenario if case.packaged else Path(case.source)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    current: str | None = None
    for i, line in enumerate(lines):
        if line.startswith("["):
            current = None
        m = re.match(r'^name\s*=\s*"(.+)"', line)
        if m and m.group(1) in derived:
            current = m.group(1)
            continue
        if current is None:
            continue
        d = derived[current]
        if re.match(r"^gdp\s*=", line):
            lines[i] = f"gdp = {d['gdp']:.6g}\n"
        elif re.match(r"^growth\s*=", line) and d["growth"] is not None:
            lines[i] = f"growth = {d['growth']:.4f}\n"
        elif re.match(r"^forces\s*=", line):
            inner = ", ".join(f"{k} = {v:.6g}" for k, v in d["forces"].items())
            lines[i] = f"forces = {{ {inner} }}\n"
    path.write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
