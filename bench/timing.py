"""Request timing shared by the benchmarks: milliseconds per request and their p50 / p95."""

from __future__ import annotations

import statistics
import time

import httpx


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of the samples."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def time_requests(client: httpx.Client, url: str, headers: dict[str, str], requests: int) -> list[float]:
    """Milliseconds of `requests` sequential GETs of `url` (each must succeed)."""
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return samples
