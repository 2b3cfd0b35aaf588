"""Argon2 hashing of passwords and client secrets (pwdlib's recommended parameters)."""

from __future__ import annotations

import asyncio
import functools
import os
import weakref

import anyio
from fastapi import FastAPI
from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()
# Each Argon2 check takes 64 MiB and a core's worth of work: more at once than there are cores only queues
# them inside the hash, and a login storm would take all the memory and the whole thread pool.
HASH_CONCURRENCY = max(os.cpu_count() or 2, 2)


@functools.cache
def _dummy_hash() -> str:
    """Verified against for unknown users, so a missing account costs as long as a wrong password. Made on
    first use, not on import: an Argon2 hash costs a second of CPU that every process importing the gateway
    (the CLI, the worker, each test process) would otherwise pay."""
    return _hasher.hash("opora-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _hasher.verify(password, _dummy_hash())
        return False
    return _hasher.verify(password, password_hash)


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


async def verify_password_off_loop(limiter: anyio.CapacityLimiter, password: str, password_hash: str | None) -> bool:
    """`verify_password` in a worker thread, at most `HASH_CONCURRENCY` at once.

    A waiting check holds neither a thread nor a database connection, so failed logins in bulk cannot starve
    the requests of signed-in users."""
    return await anyio.to_thread.run_sync(verify_password, password, password_hash, limiter=limiter)
