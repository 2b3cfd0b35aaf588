"""Gateway overhead: latency of one authenticated call directly at a service and through the gateway.

    .venv/bin/python -m bench.gateway [--requests 500]

Starts the four real processes (as the end-to-end tests do), logs in, then times GETs of `/api/reports/types`,
directly and through the gateway one after the other, and prints p50/p95 in milliseconds (medians of three
rounds), the ratio gateway/direct and the load average; the p95 row goes to the `make bench` table.
"""

from __future__ import annotations

import argparse

import httpx

from bench.timing import (
    SummaryRow,
    load_average,
    median_of,
    percentiles,
    save_rows,
    saved_rows,
    time_interleaved,
)
from tests.stack import running_stack

ROUNDS = 3
PATH = "/api/reports/types"


def summary_rows() -> list[SummaryRow]:
    """The gateway's row of the `make bench` table, from this bench's last run."""
    return saved_rows("gateway")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500, help="requests each way and round")
    args = parser.parse_args()
    with running_stack() as stack, httpx.Client(timeout=10) as client:
        token = client.post(f"{stack.url()}/api/auth/token", data={"username": "admin", "password": "demo"})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        urls = [f"{stack.url('reports')}{PATH}", f"{stack.url()}{PATH}"]
        time_interleaved(client, urls, headers, 20)  # warm-up
        rounds = [
            [percentiles(way) for way in time_interleaved(client, urls, headers, args.requests)] for _ in range(ROUNDS)
        ]
        direct = [median_of(r[0][q] for r in rounds) for q in (0, 1)]
        gateway = [median_of(r[1][q] for r in rounds) for q in (0, 1)]
    print(f"requests each way and round: {args.requests}; {load_average()}")
    print(f"direct   p50 {direct[0]:7.2f} ms   p95 {direct[1]:7.2f} ms   (median of {ROUNDS} rounds)")
    print(f"gateway  p50 {gateway[0]:7.2f} ms   p95 {gateway[1]:7.2f} ms")
    print(f"ratio    p50 {gateway[0] / direct[0]:7.2f}      p95 {gateway[1] / direct[1]:7.2f}")
    added = gateway[1] - direct[1]
    save_rows(
        "gateway",
        [
            (
                f"gateway overhead, GET {PATH} p95",
                "no goal set",
                f"+{added:.1f} ms ({direct[1]:.1f} → {gateway[1]:.1f} ms)",
                f"{gateway[1] / direct[1]:.2f}× of direct",
            )
        ],
    )


if __name__ == "__main__":
    main()
