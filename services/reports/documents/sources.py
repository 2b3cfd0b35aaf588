"""What the builders read: the identification and roadmap services over HTTP, with the caller's token.

A user therefore gets only the reports their own scope allows; a service that is down answers 503 naming it.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.shared.remote import RemoteService


@dataclass
class Sources:
    identification: RemoteService
    roadmap: RemoteService
