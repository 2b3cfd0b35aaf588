"""The whole of Opora as real processes on free ports with fresh databases, for end-to-end and browser tests.

    python -m tests.stack -- node --test frontend/e2e/

starts the processes (`services.run serve …`, as `make run` and the containers do, forked from one that has
imported the services once: tests/forkserver.py), loads
the demo region, runs the command with OPORA_E2E_URL set to the gateway, stops everything and exits with
the command's code. Honors OPORA_TEST_POSTGRES like the rest of the suite.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from services.roadmap.demo import seed_demo_plans
from services.run import stop_processes, wait_healthy
from services.shared import topology
from tests.forkserver import Process, spawn
from tests.support import CHEAP_ARGON2_ENVIRONMENT, PATIENCE_SECONDS, fresh_databases

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    return free_ports(1)[0]


def _ephemeral_start() -> int:
    """The first port of the kernel's ephemeral range (Linux: 32768)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


LISTEN_PORTS = range(10000, max(_ephemeral_start(), 20000))
"""Where a stack's processes listen: below the ephemeral range. A port from `bind(0)` lies in that range, where
any outgoing connection on the machine (a test's client, another stack's call) may take it as its source port
between its choice and the server's bind (a loaded CI: «gateway did not start: address already in use»)."""


def free_ports(count: int) -> list[int]:
    """`count` distinct free ports of `LISTEN_PORTS`, picked at random (two test workers seldom pick alike). The
    sockets stay bound until all are chosen: closed one by one, the same port could be chosen twice, and two
    processes of one stack would then race to bind it."""
    chosen: list[int] = []
    with ExitStack() as held:
        while len(chosen) < count:
            port = random.choice(LISTEN_PORTS)
            sock = held.enter_context(socket.socket())
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:  # in use (or TIME_WAIT): another
                continue
            chosen.append(port)
    return chosen


def stack_ports() -> dict[str, int]:
    """A distinct free port for each process of the topology."""
    return dict(zip([p.name for p in topology.ALL], free_ports(len(topology.ALL)), strict=True))


@dataclass
class RunningStack:
    env: dict[str, str]
    ports: dict[str, int]
    log_dir: Path
    processes: dict[str, Process] = field(default_factory=dict)

    def url(self, name: str = "gateway") -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self, *names: str) -> None:
        """Start the named processes side by side (none needs another to start) and wait until each answers."""
        self.launch(*names)
        self.wait_ready(*names)

    def launch(self, *names: str) -> None:
        """Start the named processes without waiting for them (`wait_ready` does): several stacks can then
        start at once, as replicas on one host do."""
        for name in names:
            command = ["serve", name, "--port", str(self.ports[name])]
            self.processes[name] = spawn(command, self.env, ROOT, self.log_dir / f"{name}.log")

    def wait_ready(self, *names: str) -> None:
        """Wait until each named process answers its health check; fail with its log if it never does."""
        for name in names:
            self._wait(name, f"{self.url(name)}{topology.BY_NAME[name].health_path}")

    def stop(self, name: str, kill: bool = False) -> None:
        """Stop a process (SIGTERM, or SIGKILL with `kill`: a crash that leaves no time to clean up)."""
        process = self.processes.pop(name, None)
        if process and kill:
            process.kill()
            process.wait()
        if process:
            stop_processes([process])

    def stop_all(self) -> None:
        """Stop every process: all are asked (SIGTERM) at once, then each is waited for, killed if it hangs."""
        processes = list(self.processes.values())
        self.processes.clear()
        stop_processes(processes)

    def _wait(self, name: str, url: str, seconds: float = PATIENCE_SECONDS) -> None:
        if wait_healthy(url, [self.processes[name]], seconds, step=0.2):
            return
        log = (self.log_dir / f"{name}.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"{name} did not start:\n{log}")


def stack_environment(
    exit_stack: ExitStack, tmp: Path, ports: dict[str, int], extra: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of every process: fresh empty databases, the processes' addresses, `extra` settings."""
    urls = fresh_databases(exit_stack, tmp)
    return _environment(tmp, ports, urls, extra)


def demo_environment(
    exit_stack: ExitStack, tmp: Path, ports: dict[str, int], schools: int, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """`stack_environment` over databases that already hold the demo region and its users: copies of the ones
    this test process seeded once (`seeded_region` in tests/conftest.py), so a stack neither migrates nor loads
    in a process of its own (the `services.run demo` that `make run` uses is tested in tests/e2e/)."""
    from tests.conftest import seeded_region  # the suite's own seeding; importing it outside pytest is pointless

    urls = seeded_region(schools).copy_to(tmp, exit_stack)
    return _environment(tmp, ports, urls, extra)


def _environment(
    tmp: Path, ports: dict[str, int], urls: dict[str, str], extra: dict[str, str] | None
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPORA_")}
    env.update(
        OPORA_ENV="demo",
        OPORA_DATA_DIR=str(tmp),
        OPORA_LOG_LEVEL="INFO",
        OPORA_FRONTEND_DIST=os.environ.get("OPORA_E2E_DIST", str(ROOT / "frontend" / "dist")),
        OPORA_DEMO_PASSWORD="demo",
        **CHEAP_ARGON2_ENVIRONMENT,
    )
    for process in topology.ALL:
        upper = process.name.upper()
        env[f"OPORA_{upper}_URL"] = f"http://127.0.0.1:{ports[process.name]}"
        if process.name in urls:
            env[f"OPORA_{upper}_DATABASE_URL"] = urls[process.name]
    env.update(extra or {})
    return env


def load_demo(env: dict[str, str], schools: int) -> None:
    """`services.run demo` as `make run` runs it, in a process of its own; its output in `demo.log`."""
    log = Path(env["OPORA_DATA_DIR"]) / "demo.log"
    if spawn(["demo", "--schools", str(schools), "--seed", "7"], env, ROOT, log).wait(PATIENCE_SECONDS) != 0:
        raise RuntimeError(f"services.run demo failed:\n{log.read_text(errors='replace')[-3000:]}")


@contextmanager
def running_stack(
    schools: int = 60, seed_plans: bool = False, extra_env: dict[str, str] | None = None, seeded: bool = True
) -> Iterator[RunningStack]:
    """The processes of the topology over databases with the demo region (copies of the test process's seeded
    ones; with `seeded=False`, fresh ones loaded by `services.run demo`); with `seed_plans`, also the demo
    plans made through the API as `make run` does. `OPORA_E2E_DIST` names another built SPA to serve."""
    with ExitStack() as exit_stack:
        tmp = Path(exit_stack.enter_context(tempfile.TemporaryDirectory(prefix="opora-stack-")))
        ports = stack_ports()
        if seeded:
            env = demo_environment(exit_stack, tmp, ports, schools, extra_env)
        else:
            env = stack_environment(exit_stack, tmp, ports, extra_env)
            load_demo(env, schools)
        stack = RunningStack(env, ports, tmp)
        try:
            stack.start(*(process.name for process in topology.ALL))
            if seed_plans:
                seed_demo_plans(stack.url(), "demo")
            yield stack
        finally:
            stack.stop_all()


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        print(__doc__)
        return 2
    with running_stack(seed_plans=True, seeded=False) as stack:
        env = {**os.environ, "OPORA_E2E_URL": stack.url()}
        return subprocess.run(command, env=env, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
