"""The nginx route: `GET /api/roadmap/me/deadlines` through nginx (which sends `/api/roadmap/` straight to
the service), through the gateway's Python proxy (`make run`), and directly.

    .venv/bin/python -m bench.nginx_route [--activities 10000] [--requests 300] [--postgres]

Starts the real processes on fresh databases, writes the plans as bench/roadmap.py does, starts Debian's
nginx with deploy/nginx/opora.conf (TLS with a throwaway certificate, compose host names replaced by the
local ports), and prints p50/p95 in milliseconds of sequential requests on a kept-alive connection.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
from pathlib import Path

import httpx

from bench.roadmap import fill
from bench.timing import percentiles, time_requests
from services.shared import topology
from services.shared.db import make_engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--postgres", action="store_true", help="fresh PostgreSQL databases (OPORA_TEST_POSTGRES)")
    args = parser.parse_args()
    if args.postgres:
        os.environ.setdefault("OPORA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    from tests.nginx import local_config, nginx_binary
    from tests.stack import free_port, running_stack

    with running_stack() as stack, tempfile.TemporaryDirectory(prefix="opora-nginx-") as folder:
        territory = json.loads((Path(stack.env["OPORA_DATA_DIR"]) / "demo" / "territory.json").read_text("utf-8"))
        login = httpx.post(f"{stack.url()}/api/auth/token", data={"username": "school_staff", "password": "demo"})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        me = httpx.get(f"{stack.url()}/api/auth/me", headers=headers).json()
        engine = make_engine(stack.env["OPORA_ROADMAP_DATABASE_URL"])
        fill(engine, territory, f"user:{me['id']}", args.activities)
        engine.dispose()
        upstreams = {f"{p.name}:{p.port}": f"127.0.0.1:{stack.ports[p.name]}" for p in topology.ALL}
        https = free_port()
        config = local_config(Path(folder), upstreams, (https, free_port()))
        nginx = subprocess.Popen([nginx_binary(), "-p", folder, "-c", str(config), "-g", "daemon off;"])
        try:
            path = "/api/roadmap/me/deadlines"
            routes = {
                "direct": (stack.url("roadmap"), False),
                "gateway": (stack.url(), False),
                "nginx": (f"https://127.0.0.1:{https}", True),
            }
            print(f"{'PostgreSQL' if args.postgres else 'SQLite'}; {args.activities} activities; "
                  f"{args.requests} requests each way")  # fmt: skip
            figures = {}
            for name, (base, tls) in routes.items():
                with httpx.Client(timeout=30, verify=not tls) as client:
                    time_requests(client, f"{base}{path}", headers, 20)  # warm-up
                    figures[name] = percentiles(time_requests(client, f"{base}{path}", headers, args.requests))
                print(f"  {name:8} p50 {figures[name][0]:7.2f} ms   p95 {figures[name][1]:7.2f} ms")
            for name in ("gateway", "nginx"):
                ratio = figures[name][0] / figures["direct"][0]
                print(f"  {name}/direct p50 ×{ratio:.2f}")
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


if __name__ == "__main__":
    main()
