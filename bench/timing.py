"""Request timing shared by the benchmarks: milliseconds per request, their p50 / p95, medians of rounds, the
load average, and the figures a bench leaves for `bench/summary.py` (one table at the end of `make bench`)."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Iterable
from pathlib import Path

import httpx

# What a bench measured last, for `summary_rows()`: each `make bench` step runs in its own process.
RESULTS_DIR = Path(os.environ.get("OPORA_BENCH_RESULTS", Path(__file__).resolve().parent.parent / "var" / "bench"))

SummaryRow = tuple[str, str, str, str]


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of the samples."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def time_requests(client: httpx.Client, url: str, headers: dict[str, str], requests: int) -> list[float]:
    """Milliseconds of `requests` sequential GETs of `url` (each must succeed)."""
    samples = []
    for _ in range(requests):
        samples.append(time_one(client, url, headers))
    return samples


def time_one(client: httpx.Client, url: str, headers: dict[str, str]) -> float:
    """Milliseconds of one GET of `url` (it must succeed)."""
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed


def time_interleaved(
    client: httpx.Client, urls: list[str], headers: dict[str, str], requests: int
) -> list[list[float]]:
    """Milliseconds per URL of `requests` rounds, each round one GET of every URL in turn: a load that comes and
    goes on a shared machine falls on every way alike instead of on whichever ran during it."""
    samples: list[list[float]] = [[] for _ in urls]
    for _ in range(requests):
        for index, url in enumerate(urls):
            samples[index].append(time_one(client, url, headers))
    return samples


def median_of(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, printed beside every figure (what else ran distorts wall time)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"


def ratio(measured: float, goal: float, lower_is_better: bool = True) -> str:
    """How far a figure is from its goal: above 1 means the goal is not met."""
    if measured <= 0 or goal <= 0:
        return "—"
    return f"{(measured / goal if lower_is_better else goal / measured):.2f}×"


def save_rows(bench: str, rows: list[SummaryRow]) -> None:
    """Keep a bench's summary rows for `bench/summary.py`."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{bench}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")


def saved_rows(bench: str) -> list[SummaryRow]:
    """The rows the last run of a bench kept, or none if it has not run."""
    path = RESULTS_DIR / f"{bench}.json"
    if not path.exists():
        return []
    return [(str(a), str(b), str(c), str(d)) for a, b, c, d in json.loads(path.read_text("utf-8"))]
