"""Argon2id hashing of passwords and client secrets at the cost the gateway's settings give (`OPORA_ARGON2_*`:
pwdlib's recommended m=64 MiB, t=3, p=4 by default; the test suite configures the cheapest valid cost).

A hash carries its own parameters (`$argon2id$v=19$m=…,t=…,p=…$…`), so a hash made at another cost still
verifies; a successful sign-in answers a new hash at the configured cost, which the caller stores.

A password is hashed and checked in Unicode's composed form (NFC, as RFC 8265 prepares an opaque string): «ёжик»
set on one keyboard and typed on a Mac (a combining diaeresis, the same letters on the screen) is one password.
"""

from __future__ import annotations

import asyncio
import functools
import os
import weakref
from dataclasses import dataclass

import anyio
from fastapi import FastAPI
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from services.gateway.settings import GatewaySettings
from services.shared.ids import composed

# An Argon2 check takes its memory cost (64 MiB by default) and a core's worth of work: more at once than there
# are cores only queues them inside the hash, and a login storm would take all the memory and the thread pool.
HASH_CONCURRENCY = max(os.cpu_count() or 2, 2)


@dataclass(frozen=True)
class Argon2Cost:
    memory_kib: int
    time_cost: int
    parallelism: int


class Passwords:
    """Hashes and checks passwords (and client secrets) at one Argon2 cost."""

    def __init__(self, cost: Argon2Cost) -> None:
        self.cost = cost
        hasher = Argon2Hasher(time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism)
        self._hash = PasswordHash((hasher,))

    @functools.cached_property
    def _dummy_hash(self) -> str:
        """Verified against for unknown users, so a missing account costs as long as a wrong password. Made on
        first use, not on import: every process importing the gateway (the CLI, the worker, each test process)
        would otherwise pay for a hash it may never need."""
        return self._hash.hash("opora-timing-equaliser")

    def hash(self, password: str) -> str:
        return self._hash.hash(composed(password))

    def verify(self, password: str, password_hash: str | None) -> bool:
        return self.verify_and_update(password, password_hash)[0]

    def verify_and_update(self, password: str, password_hash: str | None) -> tuple[bool, str | None]:
        """Whether `password` matches, and, when it does and the hash was made at another cost, a new hash at
        this one to store instead (else None). No hash (an unknown account) costs a check and never matches."""
        if password_hash is None:
            self._hash.verify(password, self._dummy_hash)
            return False, None
        given = composed(password)
        matched, updated = self._hash.verify_and_update(given, password_hash)
        if matched or given == password:
            return matched, updated
        # A hash made before passwords were composed, of the decomposed text as it was typed then: it still
        # signs in, and is replaced by the composed password's hash.
        if self._hash.verify(password, password_hash):
            return True, self.hash(given)
        return False, None


@functools.cache
def _passwords(cost: Argon2Cost) -> Passwords:
    return Passwords(cost)


def passwords_for(settings: GatewaySettings) -> Passwords:
    """The hasher at the cost `settings` give, one per cost in a process (so its dummy hash is made once)."""
    return _passwords(Argon2Cost(settings.argon2_memory_kib, settings.argon2_time_cost, settings.argon2_parallelism))


def hash_limiter(app: FastAPI) -> anyio.CapacityLimiter:
    """The app's limiter of concurrent Argon2 checks, one per event loop (a limiter belongs to its loop;
    uvicorn runs one, in-process test clients may run several)."""
    limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] | None
    limiters = getattr(app.state, "hash_limiters", None)
    if limiters is None:
        limiters = app.state.hash_limiters = weakref.WeakKeyDictionary()
    loop = asyncio.get_running_loop()
    if loop not in limiters:
        limiters[loop] = anyio.CapacityLimiter(HASH_CONCURRENCY)
    return limiters[loop]


async def verify_password_off_loop(
    limiter: anyio.CapacityLimiter, passwords: Passwords, password: str, password_hash: str | None
) -> tuple[bool, str | None]:
    """`Passwords.verify_and_update` in a worker thread, at most `HASH_CONCURRENCY` at once.

    A waiting check holds neither a thread nor a database connection, so failed logins in bulk cannot starve
    the requests of signed-in users."""
    return await anyio.to_thread.run_sync(passwords.verify_and_update, password, password_hash, limiter=limiter)
