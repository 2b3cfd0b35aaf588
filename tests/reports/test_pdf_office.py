"""The LibreOffice server behind the PDF: what a caller gets when it cannot convert, is missing or cannot start."""

from __future__ import annotations

import pytest

from services.reports.rendering.docx import render_docx
from services.reports.rendering.pdf import OfficeConfig, OfficeServer, OfficeUnavailable, office
from services.shared.errors import OporaError
from tests.reports.sample import official_document
from tests.stack import free_port

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


def test_a_document_libreoffice_cannot_convert_is_a_422_and_the_server_stays() -> None:
    server = office()
    with pytest.raises(OporaError) as caught:
        server.convert(b"not a document at all", to="no-such-format")
    assert caught.value.status_code == 422 and caught.value.code == "pdf_failed"
    pdf = server.convert(render_docx(official_document(rows=3)))  # the same server converts the next one
    assert pdf.startswith(b"%PDF")


def test_no_server_and_none_to_start_is_a_503_in_russian() -> None:
    remote = OfficeServer(OfficeConfig("127.0.0.1", free_port(), start=False, timeout=5, python="/usr/bin/python3"))
    with pytest.raises(OfficeUnavailable) as caught:
        remote.convert(b"PK")
    assert caught.value.status_code == 503 and "LibreOffice" in caught.value.detail


def test_a_server_that_cannot_start_is_a_503() -> None:
    broken = OfficeServer(OfficeConfig("127.0.0.1", free_port(), start=True, timeout=5, python="/bin/false"))
    with pytest.raises(OfficeUnavailable):
        broken.convert(b"PK")
    assert broken.process is None
