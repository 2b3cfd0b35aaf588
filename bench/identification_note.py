"""The analytical note on identification: the typed endpoint's seconds and the note's pages, for a municipality
of a 200-school region and for a region of 1,000 schools, through the real services in process over fresh
databases. The body is the pages before the first appendix (the budget: 8 municipal, 20 regional).

    .venv/bin/python -m bench.identification_note [--postgres]

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import docx
import pypdf

CASES = (("муниципалитет", 200, "municipal_coordinator"), ("регион", 1000, "regional_analyst"))
NOTE = "/api/identification/notes/identification"


def figures(schools: int, username: str) -> dict[str, float]:
    from tests.conftest import build_stack

    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack_context:
        stack = build_stack(Path(tmp), stack_context, schools=schools, reports_sync_seconds=600.0)
        headers = stack.auth(username)
        started = time.perf_counter()
        note = stack.gateway.get(NOTE, params={"school_year": "2023-2024"}, headers=headers)
        endpoint = time.perf_counter() - started
        note.raise_for_status()
        found: dict[str, float] = {"schools": len(note.json()["schools"]), "endpoint s": endpoint}
        for fmt in ("docx", "pdf"):
            body = {"report_type": "identification_note", "format": fmt, "parameters": {"school_year": "2023-2024"}}
            started = time.perf_counter()
            answer = stack.gateway.post("/api/reports/render", json=body, headers=headers)
            found[f"{fmt} s"] = time.perf_counter() - started
            answer.raise_for_status()
            if fmt == "docx":
                document = docx.Document(io.BytesIO(answer.content))
                found["docx tables"] = len(document.tables)
            else:
                pages = [p.extract_text().splitlines() for p in pypdf.PdfReader(io.BytesIO(answer.content)).pages]
                found["pdf pages"] = len(pages)
                headed = (i for i, lines in enumerate(pages) if "Приложение 1" in (line.strip() for line in lines))
                found["body pages"] = next(headed, len(pages))
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="fresh PostgreSQL databases (OPORA_TEST_POSTGRES)")
    args = parser.parse_args()
    if args.postgres:
        os.environ.setdefault("OPORA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    columns = ("schools", "endpoint s", "docx s", "pdf s", "docx tables", "pdf pages", "body pages")
    print(f"{'territory':<14} " + " ".join(f"{c:>11}" for c in columns))
    for label, region_schools, username in CASES:
        found = figures(region_schools, username)
        print(f"{label:<14} " + " ".join(f"{found[c]:>11.2f}" for c in columns), flush=True)


if __name__ == "__main__":
    main()
