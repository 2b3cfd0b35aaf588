"""PDF: the DOCX itself, converted by LibreOffice kept warm as a server (unoserver), so the PDF is the same
document — the same serif font, the authority's letterhead, the same page breaks and repeated header rows.

LibreOffice takes seconds to start and a few hundred milliseconds to convert, so it runs once per host as a
`unoserver` (XML-RPC on `reports_office_host:reports_office_port`), not once per document. Every process that
renders (the reports service's replicas, a worker) talks to it; when none answers on a local address, the
first process that needs one starts it (`reports_office_start`) and stops it when it exits. A file lock per
port serialises the start and the conversions of all processes on the host: one conversion at a time per
server, each bounded by `reports_office_timeout_seconds`, after which a stuck LibreOffice is stopped and the
next conversion starts a fresh one.

The server needs LibreOffice's `uno` module, which only the system Python has (Debian's python3-uno), so it
runs under `reports_office_python` with the unoserver package of this environment on its path; the client
side is plain XML-RPC. Times New Roman in the DOCX is drawn with Liberation Serif, its metric-compatible
twin (fonts-liberation2), so lines and pages break where Word breaks them.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import http.client
import io
import logging
import os
import re
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from services.reports.documents.model import Document
from services.reports.rendering.docx import render_docx
from services.reports.settings import ReportsSettings, get_settings
from services.shared.errors import OporaError

log = logging.getLogger("opora.reports.pdf")

API_VERSION = "3"  # unoserver's XML-RPC API
START_SECONDS = 90.0  # a cold LibreOffice on a loaded 2-core machine
PROBE_SECONDS = 30.0  # an idle server answers `info` at once; a starved one may take its time


class OfficeUnavailable(OporaError):
    status_code = 503
    code = "pdf_unavailable"
    detail = (
        "Не удалось подготовить PDF: служба преобразования документов (LibreOffice) недоступна. "
        "Скачайте документ в формате DOCX или обратитесь к администратору"
    )


class _Transport(xmlrpc.client.Transport):
    """XML-RPC over HTTP with a socket timeout (the standard transport waits forever)."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


@dataclass(frozen=True)
class OfficeConfig:
    host: str
    port: int
    start: bool
    timeout: float
    python: str

    @classmethod
    def from_settings(cls, settings: ReportsSettings) -> OfficeConfig:
        return cls(
            host=settings.reports_office_host,
            port=settings.reports_office_port,
            start=settings.reports_office_start,
            timeout=settings.reports_office_timeout_seconds,
            python=settings.reports_office_python,
        )

    @property
    def local(self) -> bool:
        return self.host in ("127.0.0.1", "localhost", "::1")


def _unoserver_path() -> Path:
    """A directory holding only this environment's unoserver package and its metadata, for the server's
    PYTHONPATH (the whole site-packages would shadow the system Python's own modules)."""
    distribution = metadata.distribution("unoserver")
    record = next(f for f in distribution.files or [] if f.name == "METADATA")
    dist_info = Path(str(record.locate())).parent
    package = dist_info.parent / "unoserver"
    shim = Path(tempfile.gettempdir()) / f"opora-unoserver-{distribution.version}-{os.getuid()}"
    shim.mkdir(exist_ok=True)
    for source in (package, dist_info):
        link = shim / source.name
        if not link.exists():
            with contextlib.suppress(FileExistsError):  # another process made it meanwhile
                link.symlink_to(source)
    return shim


class OfficeServer:
    """The unoserver a process converts with; thread-safe, and safe across the processes of one host."""

    def __init__(self, config: OfficeConfig) -> None:
        self.config = config
        self.process: subprocess.Popen[bytes] | None = None
        self._threads = threading.Lock()
        self._lock_path = Path(tempfile.gettempdir()) / f"opora-unoserver-{config.port}.lock"
        atexit.register(self.stop)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One conversion (or start) at a time: a thread lock within the process, a file lock between them."""
        with self._threads, open(self._lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        url = f"http://{self.config.host}:{self.config.port}"
        return xmlrpc.client.ServerProxy(url, transport=_Transport(timeout), allow_none=True)

    def _answers(self) -> bool:
        try:
            info = self._proxy(PROBE_SECONDS).info()
        except (OSError, xmlrpc.client.Error, http.client.HTTPException):
            return False
        return isinstance(info, dict) and info.get("api") == API_VERSION

    def _start(self) -> None:
        if not (self.config.start and self.config.local):
            raise OfficeUnavailable()
        command = [
            self.config.python, "-m", "unoserver.server", "--interface", self.config.host,
            "--port", str(self.config.port), "--uno-port", str(self.config.port + 1),
            "--conversion-timeout", str(int(self.config.timeout) + 30),  # ours ends first, with a clear message
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(_unoserver_path())}
        env.pop("PYTHONHOME", None)
        log.info("starting unoserver on %s:%s", self.config.host, self.config.port)
        logfile = Path(tempfile.gettempdir()) / f"opora-unoserver-{self.config.port}.log"
        try:
            with open(logfile, "ab") as output:  # the child keeps its own descriptor
                self.process = subprocess.Popen(
                    command, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT
                )
        except OSError as exc:
            raise OfficeUnavailable() from exc
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:  # could not start; perhaps another process's server took the port
                self.process = None
                if self._answers():
                    return
                log.warning("unoserver exited at start: is LibreOffice installed, has %s `uno`?", self.config.python)
                raise OfficeUnavailable()
            if self._answers():
                return
            time.sleep(0.25)
        self._terminate()
        log.warning("unoserver did not answer within %s s of its start", START_SECONDS)
        raise OfficeUnavailable()

    def _terminate(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()  # unoserver passes it on to LibreOffice
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop(self) -> None:
        """Stop the server this process started (at exit), after any conversion in progress anywhere."""
        if self.process is None:
            return
        with self._exclusive():
            self._terminate()

    def convert(self, content: bytes, to: str = "pdf") -> bytes:
        with self._exclusive():
            if not self._answers():
                self._terminate()  # ours, if it died or hangs
                self._start()
            try:
                result = self._proxy(self.config.timeout).convert(
                    None,
                    xmlrpc.client.Binary(content),
                    None,
                    to,
                    None,
                    [],
                    False,
                    None,
                    None,  # no index to update
                )
            except TimeoutError as exc:
                self._terminate()
                raise OporaError(
                    f"Преобразование документа в PDF не уложилось в {self.config.timeout:g} с. Попробуйте ещё раз "
                    "позже или скачайте документ в формате DOCX",
                    code="pdf_timeout",
                    status_code=503,
                ) from exc
            except xmlrpc.client.Fault as exc:  # the server is well, the document is not
                log.warning("unoserver could not convert: %s", exc.faultString)
                raise OporaError(
                    "LibreOffice не смог преобразовать документ в PDF. Скачайте документ в формате DOCX",
                    code="pdf_failed",
                    status_code=422,
                ) from exc
            except (OSError, xmlrpc.client.Error, http.client.HTTPException) as exc:
                log.warning("unoserver conversion failed: %s", exc)
                self._terminate()
                raise OfficeUnavailable() from exc
        if not isinstance(result, xmlrpc.client.Binary):
            raise OfficeUnavailable()
        return bytes(result.data)


_servers: dict[OfficeConfig, OfficeServer] = {}
_servers_lock = threading.Lock()


def office(settings: ReportsSettings | None = None) -> OfficeServer:
    """The process's client of the host's unoserver, one per configuration."""
    config = OfficeConfig.from_settings(settings or get_settings())
    with _servers_lock:
        if config not in _servers:
            _servers[config] = OfficeServer(config)
        return _servers[config]


WORD_JOINER = "\u2060"
_SCHOOL_YEAR_HYPHEN = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(?=(?:19|20)\d\d(?![\d-]))")
_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")


_NUMBERED = re.compile(r"№([ \u00a0]?)([0-9A-Za-zА-Яа-яЁё/.-]*\d[0-9A-Za-zА-Яа-яЁё/.-]*)")
"""A document's number after its sign: «№ 01-04-57», «№ 12-С», «№ 57-од»."""


def _unbroken_number(found: re.Match[str]) -> str:
    """«№ 01-04-57» never broken at its hyphens: a word joiner after each (the space after the sign is the DOCX's
    own, a no-break one: `values.printed`)."""
    return f"№{found.group(1)}{found.group(2).replace('-', '-' + WORD_JOINER)}"


_FIRST_KEPT_ROW = re.compile(
    r"(<w:tblHeader/></w:trPr>(?:(?!<w:tr>).)*</w:tr><w:tr><w:trPr>)<w:cantSplit/>(?=</w:trPr>)", re.DOTALL
)
"""The never-split mark of a table's first row after its repeated header rows."""


def _first_rows_may_split(xml: str) -> str:
    """Each table's first row after its repeated header may split across pages in the PDF. LibreOffice loses the
    rest of a table whose repeated header and never-split first row meet a page's foot: the next page went on after
    the table, rows 2–27 of a region's «Зона риска» list gone from the PDF while its DOCX held them all
    (tests/reports/fixtures/lost_rows.docx). Split, that row starts on the page and the table goes on; the DOCX a
    user downloads keeps it whole (Word lays it out right)."""
    return _FIRST_KEPT_ROW.sub(r"\1", xml)


def unbroken_years_and_numbers(content: bytes) -> bytes:
    """The DOCX to convert with a word joiner after the hyphen of each school year («2023-⁠2024»), so LibreOffice never
    ends a line with «2023-» and starts the next with «2024»; a document's number after «№» likewise never breaks at
    its hyphens (an order «№ 01-04-» on one line and «57» on the next reads as another number). The
    joiner is a zero-width format character: the PDF shows and its text reads «2023-2024». Only the PDF gets it; the
    DOCX a user downloads holds the text as written (a reader of its text would find the joiner inside the year).
    Each table's first row may split there (`_first_rows_may_split`)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if _TEXT_PARTS.match(item.filename):
                text = _first_rows_may_split(_NUMBERED.sub(_unbroken_number, data.decode("utf-8")))
                data = _SCHOOL_YEAR_HYPHEN.sub(rf"\1-{WORD_JOINER}", text).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def render_pdf(document: Document, template: bytes | None = None) -> bytes:
    """The DOCX (with the authority's letterhead, if any) as PDF, its school years never broken at the hyphen."""
    return office().convert(unbroken_years_and_numbers(render_docx(document, template)))


__all__ = ["OfficeServer", "OfficeUnavailable", "office", "render_pdf"]
