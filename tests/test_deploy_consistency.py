"""The production deployment files agree with the code: docker-compose.yml, deploy/Dockerfile,
deploy/nginx/opora.conf, deploy/postgres/init.sh and deploy/.env.example against
`services/shared/topology.py` (names, ports), the settings classes (`services/shared/settings.py` and each
process's `services/<name>/settings.py`, listed in `services.run.SETTINGS`: every OPORA_* variable is a
real setting, production mode accepts the environment compose gives) and the launcher `services/run.py`
that `make run` uses too. No Docker engine is needed; `docker compose config` runs when the CLI has the
compose plugin.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from services.run import SETTINGS
from services.shared import topology
from tests.nginx import local_config, nginx_binary

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

REPO = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "deploy" / "Dockerfile"
ENV_EXAMPLE = REPO / "deploy" / ".env.example"
NGINX_CONF = REPO / "deploy" / "nginx" / "opora.conf"
POSTGRES_INIT = REPO / "deploy" / "postgres" / "init.sh"
RUN_PY = REPO / "services" / "run.py"
MAKEFILE = REPO / "Makefile"

SETTING_NAMES = {f"OPORA_{name.upper()}" for settings in SETTINGS.values() for name in settings.model_fields}
WITH_DATABASE = [process for process in topology.ALL if process.has_database]
# `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`, `${NAME?message}`.
VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def _ids(process: topology.ServiceProcess) -> str:
    return process.name


def health_path(process: topology.ServiceProcess) -> str:
    return "/api/health" if process is topology.GATEWAY else f"/api/{process.name}/health"


def interpolate(value: str) -> str:
    """What compose substitutes, with a URL-safe stand-in for the values deploy/.env holds."""

    def replace(match: re.Match[str]) -> str:
        if match["op"] in ("-", ":-"):
            return match["arg"]
        return f"from-env-{match['name'].lower().replace('_', '-')}"

    return VARIABLE.sub(replace, value)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    return document


def service(compose: dict[str, Any], name: str) -> dict[str, Any]:
    services: dict[str, Any] = compose["services"]
    assert name in services, f"docker-compose.yml has no service {name!r}"
    definition: dict[str, Any] = services[name]
    return definition


def environment(definition: dict[str, Any]) -> dict[str, str]:
    """A service's environment, raw (before interpolation), whether written as a mapping or a list."""
    raw = definition.get("environment") or {}
    if isinstance(raw, list):
        pairs = (item.split("=", 1) if "=" in item else (item, "") for item in raw)
        return {key: value for key, value in pairs}
    return {str(key): "" if value is None else str(value) for key, value in raw.items()}


def env_example() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, separator, value = line.partition("=")
            assert separator, f"deploy/.env.example: not KEY=VALUE: {line!r}"
            values[key.strip()] = value.strip()
    return values


def all_environments(compose: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for name, definition in compose["services"].items():
        for key, value in environment(definition).items():
            yield name, key, value


# --- Every process of the topology is a compose service started by the launcher -------------------


@pytest.mark.parametrize("process", topology.ALL, ids=_ids)
def test_compose_runs_every_process_with_the_launcher(
    compose: dict[str, Any], process: topology.ServiceProcess
) -> None:
    definition = service(compose, process.name)
    command = definition.get("command")
    words = shlex.split(command) if isinstance(command, str) else command
    assert words == ["python", "-m", "services.run", "serve", process.name, "--host", "0.0.0.0"]

    build = definition.get("build")
    assert isinstance(build, dict), f"{process.name}: no build section"
    context = (REPO / build.get("context", ".")).resolve()
    assert (context / build.get("dockerfile", "Dockerfile")).resolve() == DOCKERFILE
    assert "image" not in definition or "build" in definition


@pytest.mark.parametrize("process", topology.ALL, ids=_ids)
def test_healthcheck_calls_the_health_endpoint_on_the_topology_port(
    compose: dict[str, Any], process: topology.ServiceProcess
) -> None:
    test = service(compose, process.name)["healthcheck"]["test"]
    text = test if isinstance(test, str) else " ".join(test)
    urls = re.findall(r"http://[^\s'\"]+", text)
    assert len(urls) == 1, f"{process.name}: expected one URL in the healthcheck, found {urls}"
    url = urlsplit(urls[0])
    assert url.hostname in ("127.0.0.1", "localhost")
    assert url.port == process.port
    assert url.path == health_path(process)
    # The slim image has no curl: the check runs with the image's Python.
    assert "curl" not in text and "python" in text


ONE_SHOT = {"migrate", "keys"}
"""Built from the image but run once, not kept running: migrations first, the key rotation tool."""


def test_topology_has_no_process_compose_does_not_know(compose: dict[str, Any]) -> None:
    built = {name for name, definition in compose["services"].items() if "build" in definition}
    assert built == {process.name for process in topology.ALL} | ONE_SHOT


def test_services_start_after_the_one_shot_migration(compose: dict[str, Any]) -> None:
    migrate = service(compose, "migrate")
    assert migrate["command"] == ["python", "-m", "services.run", "migrate"]
    assert migrate["restart"] == "no"
    env = environment(migrate)
    for process in WITH_DATABASE:
        assert f"OPORA_{process.name.upper()}_DATABASE_URL" in env
    for process in topology.ALL:
        depends = service(compose, process.name)["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", process.name


# --- Settings: every variable is real, and production mode accepts what compose gives ---------------


def test_every_process_has_its_settings_class() -> None:
    assert sorted(SETTINGS) == sorted(process.name for process in topology.ALL)
    assert all(name == settings.process for name, settings in SETTINGS.items())


def test_every_opora_variable_in_compose_is_a_setting(compose: dict[str, Any]) -> None:
    unknown = [
        f"{name}: {key}"
        for name, key, _ in all_environments(compose)
        if key.startswith("OPORA_") and key not in SETTING_NAMES
    ]
    assert not unknown, f"not fields of any process's settings: {unknown}"


def test_every_opora_variable_in_env_example_is_a_setting() -> None:
    unknown = [key for key in env_example() if key.startswith("OPORA_") and key not in SETTING_NAMES]
    assert not unknown, f"deploy/.env.example: not fields of any process's settings: {unknown}"


def test_env_example_lists_exactly_the_variables_compose_reads() -> None:
    used = {match["name"] for match in VARIABLE.finditer(COMPOSE_FILE.read_text(encoding="utf-8"))}
    listed = set(env_example())
    assert used - listed == set(), f"read by docker-compose.yml, missing from deploy/.env.example: {used - listed}"
    assert listed - used == set(), f"in deploy/.env.example, unused by docker-compose.yml: {listed - used}"


def test_secrets_are_required_not_defaulted() -> None:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    for match in VARIABLE.finditer(text):
        if "PASSWORD" in match["name"]:
            assert match["op"] in ("?", ":?"), f"{match[0]} must fail when unset: use ${{VAR:?message}}"


@pytest.mark.parametrize("process", topology.ALL, ids=_ids)
def test_production_mode_accepts_the_compose_environment(
    compose: dict[str, Any], process: topology.ServiceProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in list(os.environ):
        if key.startswith("OPORA_"):
            monkeypatch.delenv(key)
    values = {key: interpolate(value) for key, value in environment(service(compose, process.name)).items()}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    settings = SETTINGS[process.name](_env_file=None)
    assert settings.env == "production"
    assert str(settings.data_dir) == "/data"
    settings.check_production()  # raises on demo secrets or an SQLite database


def test_gateway_signing_keys_are_a_mounted_folder_the_rotation_tool_writes(compose: dict[str, Any]) -> None:
    gateway, keys = service(compose, topology.GATEWAY.name), service(compose, "keys")
    folder = environment(gateway)["OPORA_JWT_KEYS_DIR"]
    mounts = {target: source for source, target, *_ in (str(v).split(":") for v in gateway["volumes"])}
    assert folder in mounts and str(gateway["volumes"]).count(f"{folder}:ro") == 1, "read-only in the gateway"
    tool_mounts = {target: source for source, target, *_ in (str(v).split(":") for v in keys["volumes"])}
    assert tool_mounts[environment(keys)["OPORA_JWT_KEYS_DIR"]] == mounts[folder]
    assert keys["command"][-1] == "rotate-key"


@pytest.mark.parametrize("process", topology.BACKENDS, ids=_ids)
def test_services_read_the_gateway_jwks(compose: dict[str, Any], process: topology.ServiceProcess) -> None:
    url = urlsplit(environment(service(compose, process.name))["OPORA_JWKS_URL"])
    assert (url.scheme, url.hostname, url.port) == ("http", topology.GATEWAY.name, topology.GATEWAY.port)
    assert url.path == "/api/auth/jwks.json"


def test_service_urls_point_at_topology_ports(compose: dict[str, Any]) -> None:
    seen = 0
    for owner, key, value in all_environments(compose):
        match = re.fullmatch(r"OPORA_([A-Z]+)_URL", key)
        if not match or match[1].lower() not in topology.BY_NAME:
            continue
        target = topology.BY_NAME[match[1].lower()]
        url = urlsplit(interpolate(value))
        assert (url.scheme, url.hostname, url.port) == ("http", target.name, target.port), f"{owner}: {key}={value}"
        assert target.name in compose["services"]
        seen += 1
    assert seen, "no OPORA_<NAME>_URL in docker-compose.yml"


@pytest.mark.parametrize("process", topology.ALL, ids=_ids)
def test_every_process_knows_where_the_others_are(compose: dict[str, Any], process: topology.ServiceProcess) -> None:
    env = environment(service(compose, process.name))
    needed = {f"OPORA_{other.name.upper()}_URL" for other in topology.ALL if other is not process}
    if process is topology.GATEWAY:
        needed = {f"OPORA_{other.name.upper()}_URL" for other in topology.BACKENDS}
    assert needed <= set(env), f"{process.name}: missing {needed - set(env)}"


# --- Databases --------------------------------------------------------------------------------------


def test_each_service_has_its_own_database(compose: dict[str, Any]) -> None:
    databases: dict[str, tuple[str | None, str]] = {}
    init_script = POSTGRES_INIT.read_text(encoding="utf-8")
    for process in WITH_DATABASE:
        definition = service(compose, process.name)
        env = environment(definition)
        own = f"OPORA_{process.name.upper()}_DATABASE_URL"
        assert own in env, f"{process.name}: {own} is not set"
        others = [key for key in env if key.endswith("_DATABASE_URL") and key != own]
        assert not others, f"{process.name} is given another service's database: {others}"
        url = urlsplit(interpolate(env[own]))
        assert url.scheme == "postgresql+psycopg"
        assert url.hostname in compose["services"], f"{process.name}: database host {url.hostname} is no service"
        database = url.path.lstrip("/")
        assert database == url.username == f"opora_{process.name}"
        assert f"create_database {database} " in init_script, f"deploy/postgres/init.sh does not create {database}"
        databases[process.name] = (url.hostname, database)
        assert definition["depends_on"][url.hostname]["condition"] == "service_healthy"
    assert len(set(databases.values())) == len(databases), f"databases shared between services: {databases}"


def test_postgres_runs_the_init_script_and_has_a_healthcheck(compose: dict[str, Any]) -> None:
    postgres = service(compose, "postgres")
    assert postgres["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    mounts = [str(volume).split(":") for volume in postgres["volumes"]]
    assert any(
        (REPO / source).resolve() == POSTGRES_INIT and target.startswith("/docker-entrypoint-initdb.d/")
        for source, target, *_ in mounts
    )
    assert any(target == "/var/lib/postgresql/data" and source in compose["volumes"] for source, target, *_ in mounts)
    init_script = POSTGRES_INIT.read_text(encoding="utf-8")
    assert init_script.startswith("#!")
    for variable in re.findall(r"\$\{(\w+_DB_PASSWORD)", init_script):
        assert variable in environment(postgres), f"init.sh reads {variable}, compose does not pass it"


@pytest.mark.parametrize("process", topology.ALL, ids=_ids)
def test_each_process_keeps_its_data_in_its_own_volume(
    compose: dict[str, Any], process: topology.ServiceProcess
) -> None:
    definition = service(compose, process.name)
    assert interpolate(environment(definition)["OPORA_DATA_DIR"]) == "/data"
    data_volumes = [
        str(volume).split(":")[0] for volume in definition["volumes"] if str(volume).split(":")[1] == "/data"
    ]
    assert len(data_volumes) == 1 and data_volumes[0] in compose["volumes"]
    for other in topology.ALL:
        if other is not process:
            assert data_volumes[0] not in [
                str(volume).split(":")[0] for volume in service(compose, other.name)["volumes"]
            ]


# --- Only nginx faces the network ------------------------------------------------------------------


def test_only_nginx_is_published(compose: dict[str, Any]) -> None:
    published = {name for name, definition in compose["services"].items() if definition.get("ports")}
    assert published == {"nginx"}
    nginx = service(compose, "nginx")
    assert {str(port).rsplit(":", 1)[-1] for port in nginx["ports"]} == {"80", "443"}
    assert nginx["depends_on"][topology.GATEWAY.name]["condition"] == "service_healthy"


def test_nginx_config_is_mounted_and_proxies_to_the_gateway(compose: dict[str, Any]) -> None:
    mounts = {
        target: (REPO / source).resolve()
        for source, target, *_ in (v.split(":") for v in service(compose, "nginx")["volumes"])
    }
    assert mounts["/etc/nginx/conf.d/default.conf"] == NGINX_CONF
    assert mounts["/etc/nginx/certs"] == REPO / "deploy" / "nginx" / "certs"

    conf = NGINX_CONF.read_text(encoding="utf-8")
    assert re.search(rf"http://{topology.GATEWAY.name}:{topology.GATEWAY.port}\s*;", conf)
    assert re.search(r"listen 443 ssl", conf) and re.search(r"listen 80\b", conf)
    assert re.search(r"return 301 https://", conf)
    for path in re.findall(r"ssl_certificate(?:_key)?\s+(\S+);", conf):
        assert path.startswith("/etc/nginx/certs/")
    assert re.search(r"client_max_body_size\s+200m;", conf)
    assert re.search(r"proxy_request_buffering\s+off;", conf)
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Request-ID"):
        assert re.search(rf"proxy_set_header\s+{header}\s", conf), header
    for header in ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options"):
        assert re.search(rf"add_header\s+{header}\s", conf), header


def test_nginx_routes_each_service_straight_and_the_rest_to_the_gateway() -> None:
    conf = NGINX_CONF.read_text(encoding="utf-8")
    for process in topology.BACKENDS:
        block = re.search(rf"location /api/{process.name}/ \{{(.*?)\}}", conf, re.S)
        assert block, f"no location for /api/{process.name}/"
        assert f"http://{process.name}:{process.port};" in block[1]
    assert re.search(r"location = /api/auth/revocations \{ return 404; \}", conf), "the list stays inside"
    assert re.search(r"location = /metrics \{ return 404; \}", conf)


def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    """`nginx -t` of Debian's nginx on deploy/nginx/opora.conf, inside an http block as in the image."""
    config = local_config(tmp_path)
    result = subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


# --- The image ------------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), " ".join(arguments.split())))
    return instructions


def test_dockerfile_builds_the_spa_and_installs_the_project() -> None:
    instructions = dockerfile_instructions()
    stages = [arguments.split() for keyword, arguments in instructions if keyword == "FROM"]
    assert stages[0][0].startswith("node:20") and stages[0][-2].upper() == "AS"
    spa_stage = stages[0][-1]
    assert stages[-1][0].startswith("python:3.11-slim"), "the last stage is the runtime image"

    runtime_start = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    spa, runtime = instructions[:runtime_start], instructions[runtime_start:]
    spa_runs = " && ".join(arguments for keyword, arguments in spa if keyword == "RUN")
    assert "npm ci" in spa_runs and "npm run build" in spa_runs
    assert any(keyword == "COPY" and arguments.split()[0].rstrip("/") == "frontend" for keyword, arguments in spa)

    runs = " && ".join(arguments for keyword, arguments in runtime if keyword == "RUN")
    copies = [arguments.split() for keyword, arguments in runtime if keyword == "COPY"]
    # The same pinned dependencies as `make run`: the project itself, from pyproject.toml.
    assert ["pyproject.toml", "./"] in copies
    assert re.search(r"pip install --no-cache-dir \.(\s|$)", runs)
    # PDF reports: LibreOffice run as a unoserver by Debian's python3, and the fonts the DOCX names.
    for library in ("libreoffice-writer-nogui", "python3-uno", "fonts-liberation2", "fonts-dejavu-core"):
        assert library in runs
    # The code with every service's alembic.ini and migrations, where the launcher looks for them.
    assert ["services/", "./services/"] in copies
    for process in WITH_DATABASE:
        assert (REPO / process.migrations).is_file(), f"{process.migrations} is missing"
    assert ("WORKDIR", "/app") in runtime
    spa_copy = [words for words in copies if words[0] == f"--from={spa_stage}"]
    assert len(spa_copy) == 1 and spa_copy[0][1].endswith("/dist")
    assert spa_copy[0][2].rstrip("/") in ("./frontend/dist", "frontend/dist", "/app/frontend/dist")

    env = " ".join(arguments for keyword, arguments in runtime if keyword == "ENV")
    assert "OPORA_DATA_DIR=/data" in env
    for name in re.findall(r"\b(OPORA_\w+)=", env):
        assert name in SETTING_NAMES, f"deploy/Dockerfile sets {name}, not a field of any process's settings"
    frontend_dist = re.search(r"OPORA_FRONTEND_DIST=(\S+)", env)
    if frontend_dist:
        assert frontend_dist[1].rstrip("/") == "/app/frontend/dist"

    users = [arguments for keyword, arguments in runtime if keyword == "USER"]
    assert users and users[-1] not in ("root", "0"), "the processes must not run as root"
    assert not any(keyword in ("CMD", "ENTRYPOINT") for keyword, _ in runtime), "compose gives each command"


# --- `make run` and the containers start the same launcher -------------------------------------------


def test_run_all_starts_serve_for_every_topology_process() -> None:
    tree = ast.parse(RUN_PY.read_text(encoding="utf-8"))
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    loops = [node for node in ast.walk(functions["run_all"]) if isinstance(node, ast.For)]
    serving = [loop for loop in loops if ast.unparse(loop.iter) == "topology.ALL"]
    assert serving, "run_all does not iterate topology.ALL"
    loop = serving[0]
    assert isinstance(loop.target, ast.Name)
    body = ast.unparse(loop)
    assert "'serve'" in body and f"{loop.target.id}.name" in body, "run_all does not start `serve <name>`"
    parsers = [
        node
        for node in ast.walk(functions["main"])
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "add_parser"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]
    assert {"serve", "all"} <= {node.args[0].value for node in parsers}  # type: ignore[attr-defined]


def test_make_run_calls_the_launcher_for_all_processes() -> None:
    if not MAKEFILE.exists():
        pytest.skip("no Makefile yet")
    lines = MAKEFILE.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"run\s*:(?!=)", line)]
    assert len(starts) == 1, "the Makefile has no single `run:` target"
    recipe = []
    for line in lines[starts[0] + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    assert any(re.search(r"-m\s+services\.run\s+all\b", line) for line in recipe), recipe


# --- docker compose itself ---------------------------------------------------------------------------


def test_docker_compose_config_is_valid() -> None:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("the docker CLI is not installed")
    version = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, timeout=60)
    if version.returncode != 0:
        pytest.skip("the docker CLI has no compose plugin (`docker compose version` failed)")
    result = subprocess.run(
        [docker, "compose", "--file", str(COMPOSE_FILE), "--env-file", str(ENV_EXAMPLE), "config", "--quiet"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
