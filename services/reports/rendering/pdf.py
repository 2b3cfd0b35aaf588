"""PDF: WeasyPrint from the HTML page, A4 (landscape when the document is), «Страница N из M» at the foot.

The page fetches nothing: charts are data: URIs and the fetcher refuses every other scheme, so a URL that
somehow reached the text can neither read a local file nor call out. Fonts come from fontconfig (DejaVu,
installed by the Makefile); WeasyPrint embeds the subset used.
"""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from services.reports.documents.model import Document
from services.reports.rendering.html import render_html


def render_pdf(document: Document) -> bytes:
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
    pdf = HTML(string=render_html(document), url_fetcher=fetcher, media_type="print").write_pdf()
    assert pdf is not None  # write_pdf() without a target returns the bytes
    return bytes(pdf)
