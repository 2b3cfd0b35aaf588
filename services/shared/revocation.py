"""Ended sessions reach every service without a gateway hop: each service polls the gateway's revocation
list (`GET /api/auth/revocations?since=…`) every `OPORA_REVOCATION_POLL_SECONDS` and refuses the tokens
of the sessions on it (logout, deactivation, password reset, role change), of deactivated API clients and of
API clients' tokens issued for a secret since rotated.

Why polling rather than Redis publish/subscribe: it works the same with `make run` (no Redis) and in
production; a service that starts or reconnects needs the current list anyway, which a channel does not
replay; and the delay it adds, at most the poll interval (a few seconds), is what is asked. The list is
short: only sessions ended while their access or job tokens may still be alive. While the gateway cannot
be reached a service keeps the list it has (and logs it) rather than refusing every caller.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

import httpx

from services.shared.remote import service_client
from services.shared.settings import CommonSettings

log = logging.getLogger("opora.revocation")
OVERLAP = timedelta(seconds=30)
"""Asked again each time: a revocation stamped just before the previous answer may commit just after it."""


class RevocationList:
    def __init__(self, settings: CommonSettings, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.client = client or service_client(settings.service_url("gateway"), timeout=5)
        self.sessions: set[str] = set()
        self.clients: set[str] = set()
        self.client_secrets: dict[str, str] = {}
        self.since: datetime | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._refreshing = threading.Lock()  # the poller and job requests: answers applied one at a time, in order

    def is_revoked(self, session_id: str | None, subject: str, secret_version: str | None = None) -> bool:
        """Whether the token's session ended, its client is switched off or its client's secret was rotated."""
        if secret_version is not None and self.client_secrets.get(subject, secret_version) != secret_version:
            return True
        return (session_id is not None and session_id in self.sessions) or subject in self.clients

    def refresh(self) -> None:
        with self._refreshing:
            params = {"since": (self.since - OVERLAP).isoformat()} if self.since else {}
            answer = self.client.get("/api/auth/revocations", params=params)
            answer.raise_for_status()
            body = answer.json()
            self.sessions |= set(body["sessions"])
            self.clients = set(body["clients"])
            self.client_secrets = dict(body.get("client_secrets", {}))
            self.since = datetime.fromisoformat(body["until"])

    def refresh_now(self) -> None:
        """The list as the gateway has it now, for a token that must not outlive its session by a poll interval
        (a job's, on which a whole render runs); the list kept if the gateway cannot be reached."""
        try:
            self.refresh()
        except (httpx.HTTPError, ValueError, KeyError) as error:
            log.warning("revocation list not refreshed: %s", error)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.refresh()
            except (httpx.HTTPError, ValueError, KeyError) as error:
                log.warning("revocation list not refreshed: %s", error)
            self._stop.wait(self.settings.revocation_poll_seconds)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="opora-revocations", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.client.close()
