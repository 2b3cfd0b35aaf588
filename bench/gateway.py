"""Gateway overhead: latency of one authenticated call directly at a service and through the gateway.

    .venv/bin/python -m bench.gateway [--requests 500]

Starts the four real processes (as the end-to-end tests do), logs in, then times sequential GETs of
`/api/reports/types` both ways and prints p50/p95 in milliseconds and the ratio gateway/direct.
"""

from __future__ import annotations

import argparse

import httpx

from bench.timing import percentiles, time_requests
from tests.stack import running_stack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    with running_stack() as stack, httpx.Client(timeout=10) as client:
        token = client.post(f"{stack.url()}/api/auth/token", data={"username": "admin", "password": "demo"})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        path = "/api/reports/types"
        for base in (stack.url("reports"), stack.url()):  # warm-up
            time_requests(client, f"{base}{path}", headers, 20)
        direct = percentiles(time_requests(client, f"{stack.url('reports')}{path}", headers, args.requests))
        gateway = percentiles(time_requests(client, f"{stack.url()}{path}", headers, args.requests))
    print(f"requests each way: {args.requests}")
    print(f"direct   p50 {direct[0]:7.2f} ms   p95 {direct[1]:7.2f} ms")
    print(f"gateway  p50 {gateway[0]:7.2f} ms   p95 {gateway[1]:7.2f} ms")
    print(f"ratio    p50 {gateway[0] / direct[0]:7.2f}      p95 {gateway[1] / direct[1]:7.2f}")


if __name__ == "__main__":
    main()
