"""Report render seconds: the identification note of a municipality (about 30 schools) and of a region
(1,000 schools), in each format, through the reports service with the real identification and roadmap
services in process over fresh databases — and, for the same document, the renderer alone against a bare
python-docx write of the same tables (the floor a DOCX writer is measured against).

    .venv/bin/python -m bench.reports [--postgres]

The PDF is the DOCX converted by a warm unoserver (LibreOffice); its cold start is printed apart.
Targets (issue 10): municipal note DOCX ≤ 1 s, PDF ≤ 3 s; regional note DOCX ≤ 5 s, PDF ≤ 10 s.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import pickle
import tempfile
import time
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any

from services.reports.documents.model import Document

FORMATS = ("docx", "xlsx", "pdf", "html")
CASES = (("муниципалитет", 200, "municipal_coordinator"), ("регион", 1000, "regional_analyst"))


def office_cpu_seconds() -> float:
    """CPU seconds used so far by the LibreOffice processes of this host (soffice.bin and the unoserver): under
    a loaded machine the honest measure of what a conversion costs, next to its wall-clock seconds."""
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"soffice.bin" not in command and b"unoserver.server" not in command:
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def bare_docx_seconds(document: Document) -> float:
    """The same tables written with python-docx's plain API: a header row, then every row's text."""
    import docx

    from services.reports.documents.model import Table
    from services.reports.rendering.values import format_value

    started = time.perf_counter()
    word = docx.Document()
    for section in document.sections:
        word.add_heading(section.title, level=1)
        for block in section.blocks:
            if not isinstance(block, Table):
                continue
            table = word.add_table(rows=1, cols=len(block.columns))
            for cell, column in zip(table.rows[0].cells, block.columns, strict=True):
                cell.text = column.label
            for row in block.rows:
                cells = table.add_row().cells
                for cell, column in zip(cells, block.columns, strict=True):
                    cell.text = format_value(row.get(column.key), column)
    word.save(io.BytesIO())
    return time.perf_counter() - started


Figures = dict[str, float]


def render_seconds(schools: int, username: str) -> tuple[int, Figures, Figures, Figures, Document | None]:
    """Schools in the caller's territory, the request seconds per format, the renderer's own seconds and CPU
    seconds (this process and LibreOffice's) per format, and the document it rendered."""
    from services.reports.archive import service
    from tests.conftest import build_stack

    rendered: Figures = {}
    cpu: Figures = {}
    documents: list[Document] = []
    render = service.render

    def timed(document: Document, fmt: Any, template: bytes | None = None) -> bytes:
        started, own, office = time.perf_counter(), time.process_time(), office_cpu_seconds()
        content = render(document, fmt, template)
        rendered[fmt] = time.perf_counter() - started
        cpu[fmt] = time.process_time() - own + office_cpu_seconds() - office
        documents.append(document)
        return content

    service.render = timed
    try:
        with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack_context:
            stack = build_stack(Path(tmp), stack_context, schools=schools, reports_sync_seconds=600.0)
            headers = stack.auth(username)
            territory = stack.gateway.get("/api/identification/schools", params={"per_page": 1}, headers=headers)
            seconds = {}
            for fmt in FORMATS:
                body = {"report_type": "identification_note", "format": fmt, "parameters": {"school_year": "2023-2024"}}
                started = time.perf_counter()
                answer = stack.gateway.post("/api/reports/render", json=body, headers=headers)
                seconds[fmt] = time.perf_counter() - started
                answer.raise_for_status()
            return territory.json()["total"], seconds, rendered, cpu, documents[0] if documents else None
    finally:
        service.render = render


def office_cold_start() -> float:
    """Seconds to the first PDF: starting LibreOffice (when no unoserver runs yet) and one small conversion."""
    from services.reports.documents.model import Paragraph, Section
    from services.reports.rendering.pdf import render_pdf

    sample = Document(
        report_type="sample",
        authority="Управление образования",
        title="Прогрев",
        issued=date.today(),
        sections=[Section(title="Раздел", blocks=[Paragraph(text="Текст.")])],
    )
    started = time.perf_counter()
    render_pdf(sample)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="fresh PostgreSQL databases (OPORA_TEST_POSTGRES)")
    args = parser.parse_args()
    if args.postgres:
        os.environ.setdefault("OPORA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    print(f"unoserver cold start and first PDF: {office_cold_start():.2f} s", flush=True)
    print("identification note, seconds per format: the request (data + render) / the renderer alone / its CPU")
    print(f"{'territory':<14} {'schools':>7} " + " ".join(f"{fmt:>20}" for fmt in FORMATS) + f" {'bare docx':>10}")
    for label, region_schools, username in CASES:
        schools, seconds, rendered, cpu, document = render_seconds(region_schools, username)
        bare = bare_docx_seconds(document) if document else float("nan")
        nan = float("nan")
        cells = " ".join(
            f"{seconds[fmt]:>6.2f}/{rendered.get(fmt, nan):>6.2f}/{cpu.get(fmt, nan):>6.2f}" for fmt in FORMATS
        )
        print(f"{label:<14} {schools:>7} {cells} {bare:>10.2f}", flush=True)
        if (dump := os.environ.get("OPORA_BENCH_DUMP")) and document is not None:  # to profile the renderer
            Path(dump, f"{region_schools}.pickle").write_bytes(pickle.dumps(document))


if __name__ == "__main__":
    main()
