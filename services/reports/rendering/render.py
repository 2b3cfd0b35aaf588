"""The renderers' entry point: one neutral `Document` to DOCX, XLSX, HTML or PDF.

    render(document, "docx", template=None) -> bytes

`template` (DOCX and the PDF made from it) is an authority's letterhead that passed `validate_template`; None
uses the default.
"""

from __future__ import annotations

from typing import Literal, get_args

from services.reports.documents.model import Document
from services.reports.rendering.docx import render_docx
from services.reports.rendering.html import render_html
from services.reports.rendering.pdf import render_pdf
from services.reports.rendering.sandbox import TemplateError
from services.reports.rendering.templates import REQUIRED_FIELDS, TEMPLATE_FIELDS, validate_template
from services.reports.rendering.xlsx import render_xlsx

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
        return render_docx(document, template)
    if fmt == "xlsx":
        return render_xlsx(document)
    if fmt == "pdf":
        return render_pdf(document, template)
    if fmt == "html":
        return render_html(document).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


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
