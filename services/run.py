"""Start Opora: `python -m services.run serve NAME` runs one process (migrations first), `all` runs every
process of the topology (the three services, the gateway and the worker of the job queue).

The containers of docker-compose.yml run `serve NAME`; `make run` runs `all`, which starts every
`serve` as a child process, so a laptop and a production host start the same code with the same settings.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import httpx
import uvicorn

from services.gateway.settings import GatewaySettings
from services.identification.settings import IdentificationSettings
from services.reports.settings import ReportsSettings
from services.roadmap.settings import RoadmapSettings
from services.shared import topology
from services.shared.remote import service_client
from services.shared.settings import CommonSettings
from services.worker.settings import WorkerSettings

SETTINGS: dict[str, type[CommonSettings]] = {
    settings.process: settings
    for settings in (IdentificationSettings, RoadmapSettings, ReportsSettings, GatewaySettings, WorkerSettings)
}
"""The settings class of each process of the topology (each reads the same environment, its own fields)."""

DEMO_LOGINS = ("admin", "regional_analyst", "municipal_coordinator", "curator", "school_staff", "observer")


def migrate(names: Sequence[str]) -> None:
    """Apply every Alembic migration of the named services (their own trees, their own databases)."""
    from alembic import command
    from alembic.config import Config

    for name in names:
        process = topology.BY_NAME[name]
        if process.has_database:
            command.upgrade(Config(process.migrations), "head")


def serve(name: str, host: str, port: int | None, run_migrations: bool) -> None:
    process = topology.BY_NAME[name]
    SETTINGS[name]().check_production()
    if run_migrations:
        migrate([name])
    uvicorn.run(
        process.app,
        factory=True,
        host=host,
        port=port or process.port,
        proxy_headers=True,
        forwarded_allow_ips="*",
        log_config=None,
        access_log=False,
        timeout_keep_alive=topology.KEEP_ALIVE_SECONDS,
    )


def load_demo(schools: int | None, seed: int | None) -> None:
    """Load the demo region into the identification service and its users into the gateway."""
    from services.gateway.demo import create_demo_users
    from services.identification.demo.loader import load_demo_region

    identification, gateway = IdentificationSettings(), GatewaySettings()
    if gateway.is_production:
        print("Демо-данные не загружаются в режиме production.", file=sys.stderr)
        return
    migrate([p.name for p in topology.ALL])
    territory = load_demo_region(
        identification, schools or identification.demo_schools, seed or identification.demo_seed
    )
    created = create_demo_users(gateway, territory)
    print(f"Демо-регион «{territory['region']['name']}» загружен; новых демо-пользователей: {len(created)}")


def wait_healthy(url: str, children: Sequence[Child], seconds: float = 300, step: float = 0.3) -> bool:
    """Ask `url` every `step` seconds until it answers 200 (True), one of `children` ends or `seconds` pass."""
    deadline = time.monotonic() + seconds
    with service_client(timeout=1) as client:
        while time.monotonic() < deadline:
            if any(child.poll() is not None for child in children):
                return False
            try:
                if client.get(url).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(step)
    return False


def run_all(host: str) -> int:
    """Start every process of the topology as a child process and wait until one stops.

    The children write their logs to `<data_dir>/logs/<name>.log`, not to this terminal: the address and the
    demo logins printed here stay on screen instead of scrolling away under request logs. Whatever ends this
    process (Ctrl+C, SIGTERM, an error), its children are stopped with it.
    """
    settings = GatewaySettings()  # the launcher's own: addresses, the data folder and the demo password
    log_dir = Path(settings.data_dir) / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    children: dict[str, subprocess.Popen[bytes]] = {}
    signal.signal(signal.SIGTERM, _terminated)
    try:
        for process in topology.ALL:
            port = httpx.URL(settings.service_url(process.name)).port or process.port  # OPORA_<NAME>_URL's
            command = [sys.executable, "-m", "services.run", "serve", process.name, "--host", host, "--port", str(port)]
            log = (log_dir / f"{process.name}.log").open("ab")
            children[process.name] = subprocess.Popen(command, env=os.environ.copy(), stdout=log, stderr=log)
        gateway = settings.service_url("gateway")
        healthy = all(
            wait_healthy(f"{settings.service_url(p.name)}{p.health_path}", list(children.values()))
            for p in topology.ALL
        )  # every process, not only the gateway: the demo plans go in through all of them
        if not healthy:
            print("Опора не запустилась.", file=sys.stderr)
            _print_tails(children, log_dir, everyone=True)
            return 1
        if settings.env == "demo":
            _seed_plans(gateway, settings.demo_password)
        print(f"\nОпора работает: {gateway}/")
        if settings.env == "demo":
            print(f"Демо-входы (пароль «{settings.demo_password}»): " + ", ".join(DEMO_LOGINS))
        print(f"Журналы процессов: {log_dir}/")
        print("Остановить: Ctrl+C\n", flush=True)
        while all(child.poll() is None for child in children.values()):
            time.sleep(0.5)
        print("Один из процессов остановился.", file=sys.stderr)
        _print_tails(children, log_dir)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop_processes(list(children.values()))


def _terminated(*_: object) -> None:
    """SIGTERM ends `run_all` like Ctrl+C does, through its `finally`."""
    raise KeyboardInterrupt


def _print_tails(
    children: dict[str, subprocess.Popen[bytes]], log_dir: Path, lines: int = 30, everyone: bool = False
) -> None:
    """The last lines of the log of every process that has stopped (`everyone`: of all), so the reason is on
    screen."""
    for name, child in children.items():
        if child.poll() is None and not everyone:
            continue
        tail = (log_dir / f"{name}.log").read_text(errors="replace").splitlines()[-lines:]
        print(f"--- {name} ({log_dir / f'{name}.log'}):", *tail, sep="\n", file=sys.stderr)


def _seed_plans(gateway: str, password: str) -> None:
    """The demo plans go in through the API once everything answers (see services/roadmap/demo.py), then the
    story «Что работает» shows: last year's programmes with measures done (services/roadmap/effects/demo.py)."""
    from services.roadmap.demo import seed_demo_plans
    from services.roadmap.effects.demo import seed_effects_story

    try:
        created = seed_demo_plans(gateway, password)
    except (httpx.HTTPError, KeyError) as error:  # the demo's own plans; the processes serve without them
        print(f"Демо-планы не созданы: {error}", file=sys.stderr)
        return
    if created:
        print(f"Демо-планы созданы: {created}")
    try:
        with httpx.Client(base_url=gateway, timeout=120) as client:
            story = seed_effects_story(client, password)
    except (httpx.HTTPError, KeyError, IndexError) as error:  # a demo nicety: the rest of the demo stands
        print(f"Демо «Что работает» не создано: {error!r}", file=sys.stderr)
        return
    if story.plans:
        print(f"Демо «Что работает»: программ {len(story.plans)}, мер с отметками о выполнении {len(story.titles)}")


class Child(Protocol):
    """A started process as `stop_processes` handles it (a `subprocess.Popen`, or the tests' forked one)."""

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...

    def terminate(self) -> None: ...

    def kill(self) -> None: ...


def stop_processes(children: Sequence[Child]) -> None:
    """Stop the processes: all are asked (SIGTERM) at once, then each is waited for, killed and reaped if it
    hangs."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.run", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="migrate and start one process")
    serve_parser.add_argument("name", choices=[p.name for p in topology.ALL])
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int)
    serve_parser.add_argument("--no-migrate", action="store_true")
    migrate_parser = commands.add_parser("migrate", help="apply migrations")
    migrate_parser.add_argument("names", nargs="*", default=[p.name for p in topology.ALL])
    demo_parser = commands.add_parser("demo", help="load the demo region and demo users")
    demo_parser.add_argument("--schools", type=int)
    demo_parser.add_argument("--seed", type=int)
    all_parser = commands.add_parser("all", help="start the gateway, the three services and the worker")
    all_parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)

    if args.command == "serve":
        serve(args.name, args.host, args.port, not args.no_migrate)
    elif args.command == "migrate":
        migrate(args.names)
    elif args.command == "demo":
        load_demo(args.schools, args.seed)
    else:
        return run_all(args.host)
    return 0


if __name__ == "__main__":
    sys.exit(main())
