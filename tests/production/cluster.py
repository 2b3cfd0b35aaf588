"""Two instances of every process on free ports, against the same databases, the same queue and the same
object store (moto's standalone S3 server over HTTP), each instance with a data folder of its own: what a
production host with replicas looks like, in real processes."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from services.gateway.auth.keys import generate_key
from services.shared import topology
from tests.stack import RunningStack, demo_environment, free_port, free_ports
from tests.support import POSTGRES_URL, REDIS_URL, web

S3_KEY = "opora-test"
REPLICATED = ("identification", "roadmap", "reports", "gateway")


@contextmanager
def s3_server(log_dir: Path) -> Iterator[str]:
    """moto's standalone S3 server on a free loopback port; its URL."""
    port = free_port()
    log = (log_dir / "moto.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                web.get(f"{url}/moto-api/", timeout=1)
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((log_dir / "moto.log").read_text(errors="replace")[-2000:]) from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@dataclass
class Cluster:
    a: RunningStack
    b: RunningStack
    env: dict[str, str]
    s3_url: str
    bucket: str

    def token(self, username: str) -> str:
        answer = web.post(f"{self.a.url()}/api/auth/token", data={"username": username, "password": "demo"}, timeout=30)
        assert answer.status_code == 200, answer.text
        token: str = answer.json()["access_token"]
        return token

    def s3_keys(self) -> list[str]:
        import boto3

        client: Any = boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            region_name="us-east-1",
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_KEY,
        )
        listed = client.list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listed.get("Contents", [])]


def queue_environment(tmp: Path) -> dict[str, str]:
    """Redis under a fresh key prefix on the PostgreSQL leg; one SQLite queue file for all on the other."""
    name = f"opora-test-{uuid.uuid4().hex[:10]}"
    if POSTGRES_URL:
        return {"OPORA_QUEUE_URL": REDIS_URL, "OPORA_QUEUE_NAME": name}
    return {"OPORA_QUEUE_URL": f"sqlite:///{tmp / 'queue.db'}", "OPORA_QUEUE_NAME": name}


@contextmanager
def cluster(schools: int = 60) -> Iterator[Cluster]:
    with ExitStack() as exit_stack:
        tmp = Path(exit_stack.enter_context(tempfile.TemporaryDirectory(prefix="opora-cluster-")))
        s3_url = exit_stack.enter_context(s3_server(tmp))
        bucket = f"opora-{uuid.uuid4().hex[:8]}"
        names = [p.name for p in topology.ALL]
        ports = free_ports(2 * len(names))  # the two replicas' ports distinct from each other's too
        ports_a = dict(zip(names, ports[: len(names)], strict=True))
        ports_b = dict(zip(names, ports[len(names) :], strict=True))
        extra = {
            "OPORA_STORAGE": "s3",
            "OPORA_S3_ENDPOINT_URL": s3_url,
            "OPORA_S3_BUCKET": bucket,
            "OPORA_S3_ACCESS_KEY_ID": S3_KEY,
            "OPORA_S3_SECRET_ACCESS_KEY": S3_KEY,
            "OPORA_JWT_KEYS_DIR": str(tmp / "keys"),
            "OPORA_JOB_LEASE_SECONDS": "10",  # lapses soon after a kill, never while a starved host renders
            "OPORA_NOTIFY_EVERY_MINUTES": "0",
            "OPORA_REVOCATION_POLL_SECONDS": "1",
            **queue_environment(tmp),
        }
        env = demo_environment(exit_stack, tmp, ports_a, schools, extra)
        for name in ("a", "b"):
            (tmp / name).mkdir()
        generate_key(tmp / "keys")  # made before the gateways start, as production's `rotate-key` does
        a = RunningStack({**env, "OPORA_DATA_DIR": str(tmp / "a")}, ports_a, tmp / "a")
        b = RunningStack({**env, "OPORA_DATA_DIR": str(tmp / "b")}, ports_b, tmp / "b")
        try:  # every process of both replicas at once: their migrations meet under the lock, as on a real host
            a.launch(*(process.name for process in topology.ALL))
            b.launch(*REPLICATED)
            a.wait_ready(*(process.name for process in topology.ALL))
            b.wait_ready(*REPLICATED)
            yield Cluster(a, b, env, s3_url, bucket)
        finally:
            b.stop_all()
            a.stop_all()
