"""The one table `make bench` ends with: every goal of the project beside what the benches measured.

    .venv/bin/python -m bench.summary

Asks each bench module that has one for `summary_rows()`: (path, goal, measured, ratio) tuples of its last run
(a ratio above 1 means the goal is not met). Modules that are not there yet, or have no rows, are named
below the table instead of failing it. Figures only: nothing is asserted.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence

from bench.timing import load_average

MODULES = ("bench.identification_service", "bench.imports", "bench.roadmap", "bench.gateway")
HEADER = ("path", "goal", "measured", "ratio")


def collect(modules: Iterable[str] = MODULES) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """The rows of every module that answers some, and a note for each that does not."""
    rows: list[tuple[str, str, str, str]] = []
    notes: list[str] = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError as error:
            missing = isinstance(error, ModuleNotFoundError) and error.name == name
            notes.append(f"{name}: not there yet" if missing else f"{name}: cannot be imported ({error})")
            continue
        rows_of = getattr(module, "summary_rows", None)
        if rows_of is None:
            notes.append(f"{name}: no summary_rows()")
            continue
        try:
            found = [tuple(str(value) for value in row) for row in rows_of()]
        except Exception as error:  # a bench's figures never stop the table
            notes.append(f"{name}: summary_rows() failed ({error!r})")
            continue
        if not found:
            notes.append(f"{name}: no figures yet (run python -m {name})")
        rows += [(row[0], row[1], row[2], row[3]) for row in found if len(row) == 4]
    return rows, notes


def table(rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table, each column as wide as its widest cell."""
    lines = [HEADER, *rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    rule = "-+-".join("-" * width for width in widths)
    text = [" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines]
    return "\n".join([text[0], rule, *text[1:]])


def main() -> None:
    rows, notes = collect()
    print()
    print(table(rows))
    for note in notes:
        print(f"  {note}")
    print(f"  {load_average()} at the end of the benches")


if __name__ == "__main__":
    main()
