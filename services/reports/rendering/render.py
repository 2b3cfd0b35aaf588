"""The renderers' entry point: one neutral `Document` to DOCX, XLSX, HTML or PDF.

    render(document, "docx", template=None) -> bytes

`template` (DOCX and the PDF made from it) is an authority's letterhead that passed `validate_template`; None
uses the default.

The renderers are imported when a document is rendered, not with this module: python-docx, docxtpl, lxml and
xlsxwriter cost every process that imports the reports' archive (the reports service, the worker) about a
second of CPU at start, and most requests never render.
"""

from __future__ import annotations

from typing import Literal, get_args

from services.reports.documents.model import Document
from services.reports.rendering.fields import REQUIRED_FIELDS, TEMPLATE_FIELDS
from services.reports.rendering.sandbox import TemplateError

Format = Literal["docx", "xlsx", "pdf", "html"]
FORMATS: tuple[str, ...] = get_args(Format)

MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def render(document: Document, fmt: Format, template: bytes | None = None) -> bytes:
    """The document in `fmt`; `template` applies to DOCX and PDF and is ignored by the other formats."""
    if fmt == "docx":
        from services.reports.rendering.docx import render_docx

        return render_docx(document, template)
    if fmt == "xlsx":
        from services.reports.rendering.xlsx import render_xlsx

        return render_xlsx(document)
    if fmt == "pdf":
        from services.reports.rendering.pdf import render_pdf

        return render_pdf(document, template)
    if fmt == "html":
        from services.reports.rendering.html import render_html

        return render_html(document).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def validate_template(content: bytes) -> list[str]:
    """`templates.validate_template`, imported at the first letterhead upload (see the module's docstring)."""
    from services.reports.rendering.templates import validate_template as validate

    return validate(content)


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "REQUIRED_FIELDS",
    "TEMPLATE_FIELDS",
    "Format",
    "TemplateError",
    "render",
    "validate_template",
]
