"""Phones under load: many concurrent clients on `/api/roadmap/me/deadlines` through the gateway.

    .venv/bin/python -m bench.load [--clients 200] [--seconds 60] [--sqlite]

Starts the four real processes on PostgreSQL (`OPORA_TEST_POSTGRES`, default the local server; `--sqlite`
for the default storage) with the demo region and plans, measures one client alone, then `--clients`
clients each sending requests one after another for `--seconds`. Prints p50/p95/p99 in milliseconds, the
throughput and the errors (any answer but 200, or no answer). Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections import Counter

import httpx

from tests.stack import running_stack

PATH = "/api/roadmap/me/deadlines"
PHONE_USERS = ("school_staff", "curator", "municipal_coordinator")
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def quantiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples) or [0.0]
    pick = {"p50": 0.50, "p95": 0.95, "p99": 0.99}
    return {name: ordered[min(int(len(ordered) * q), len(ordered) - 1)] for name, q in pick.items()}


async def _client(base: str, headers: dict[str, str], until: float, samples: list[float], errors: Counter[str]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        while time.monotonic() < until:
            started = time.perf_counter()
            try:
                response = await client.get(PATH, headers=headers)
            except httpx.HTTPError as error:
                errors[type(error).__name__] += 1
                continue
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors[str(response.status_code)] += 1


async def _load(
    base: str, tokens: list[dict[str, str]], clients: int, seconds: float
) -> tuple[list[float], Counter[str]]:
    samples: list[float] = []
    errors: Counter[str] = Counter()
    until = time.monotonic() + seconds
    await asyncio.gather(*(_client(base, tokens[i % len(tokens)], until, samples, errors) for i in range(clients)))
    return samples, errors


def _login(base: str, username: str) -> dict[str, str]:
    answer = httpx.post(f"{base}/api/auth/token", data={"username": username, "password": "demo"}, timeout=30)
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sqlite", action="store_true", help="the default storage instead of PostgreSQL")
    args = parser.parse_args()
    if args.sqlite:
        os.environ.pop("OPORA_TEST_POSTGRES", None)
    else:
        os.environ.setdefault("OPORA_TEST_POSTGRES", DEFAULT_POSTGRES)
    with running_stack(seed_plans=True) as stack:
        base = stack.url()
        tokens = [_login(base, user) for user in PHONE_USERS]
        single: list[float] = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for index in range(120):
                started = time.perf_counter()
                client.get(PATH, headers=tokens[index % len(tokens)]).raise_for_status()
                if index >= 20:  # the first ones warm up
                    single.append((time.perf_counter() - started) * 1000)
        samples, errors = asyncio.run(_load(base, tokens, args.clients, args.seconds))
    alone, loaded = quantiles(single), quantiles(samples)
    storage = "SQLite" if args.sqlite else "PostgreSQL"
    print(f"{PATH} through the gateway on {storage}")
    print(f"one client      p50 {alone['p50']:8.1f} ms  p95 {alone['p95']:8.1f} ms  p99 {alone['p99']:8.1f} ms")
    print(
        f"{args.clients} clients     p50 {loaded['p50']:8.1f} ms  p95 {loaded['p95']:8.1f} ms  "
        f"p99 {loaded['p99']:8.1f} ms  for {args.seconds:.0f} s"
    )
    print(
        f"answers {len(samples)}  ({len(samples) / args.seconds:.0f}/s)   errors {sum(errors.values())} {dict(errors)}"
    )
    print(f"p95 under load / p95 alone: {loaded['p95'] / alone['p95']:.1f}")


if __name__ == "__main__":
    main()
