"""The data-centre exchange of `deploy/README.md`, run verbatim with the real `curl` against real processes.

The fenced block after `<!-- datacentre-exchange -->` is split into steps at blank lines; each step runs in
`bash -euo pipefail` with `OPORA`, `CLIENT_ID`, `CLIENT_SECRET`, `SCHOOL` and the variables set by earlier
steps (`NAME=$(…)`), in one working folder, and each answer is checked.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.stack import ROOT, RunningStack, running_stack

MARKER = "<!-- datacentre-exchange -->"
ASSIGNMENT = re.compile(r"^([A-Z_]+)=\$\(")

pytestmark = pytest.mark.skipif(not (shutil.which("curl") and shutil.which("jq")), reason="нужны curl и jq")


def exchange_steps(readme: Path = ROOT / "deploy" / "README.md") -> list[str]:
    """The commands of the marked block, one step per paragraph, comments dropped."""
    text = readme.read_text(encoding="utf-8")
    block = text.split(MARKER, 1)[1].split("```sh\n", 1)[1].split("\n```", 1)[0]
    steps = []
    for paragraph in block.split("\n\n"):
        lines = [line for line in paragraph.splitlines() if not line.startswith("#")]
        if lines:
            steps.append("\n".join(lines))
    return steps


def run_step(step: str, env: dict[str, str], folder: Path) -> str:
    """Run one step as the README shows it; an assignment step answers the value it assigns."""
    assigned = ASSIGNMENT.match(step)
    script = f'{step}\nprintf %s "${assigned.group(1)}"' if assigned else step
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script], env=env, cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, (step, done.stdout, done.stderr)
    if assigned:
        env[assigned.group(1)] = done.stdout
    return done.stdout


@pytest.fixture(scope="module")
def processes() -> Iterator[RunningStack]:
    with running_stack() as stack:
        yield stack


def _client(stack: RunningStack) -> tuple[dict[str, str], str]:
    """A data-centre client of the demo region, as the administrator creates it, and a school of the region."""
    with httpx.Client(base_url=stack.url(), timeout=60) as http:
        token = http.post("/api/auth/token", data={"username": "admin", "password": "demo"}).json()["access_token"]
        admin = {"Authorization": f"Bearer {token}"}
        region = http.get("/api/identification/territories", headers=admin).json()[0]["code"]
        school = http.get("/api/identification/schools", headers=admin).json()["items"][0]["school_code"]
        body = {"name": "РЦОКО", "role": "regional_analyst", "scope": {"kind": "region", "region": region}}
        created = http.post("/api/admin/clients", json=body, headers=admin)
        assert created.status_code == 201, created.text
    return created.json(), school


def test_the_readme_exchange_runs_verbatim_with_curl(processes: RunningStack, tmp_path: Path) -> None:
    client, school = _client(processes)
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "OPORA": processes.url(),
        "CLIENT_ID": client["client_id"],
        "CLIENT_SECRET": client["client_secret"],
        "SCHOOL": school,
    }
    steps = exchange_steps()
    assert len(steps) == 8, steps
    token, written, dry, real, run, results, approve, agreed = (run_step(step, env, tmp_path) for step in steps)
    assert token.count(".") == 2  # a JWT
    assert json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))["rows"][0]["school_code"] == school
    assert written == ""
    dry_report = json.loads(dry)
    assert dry_report["dry_run"] is True and dry_report["rows_valid"] == 1 and dry_report["batch_id"] is None
    report = json.loads(real)
    assert report["dry_run"] is False and report["status"] == "applied" and report["rows_rejected"] == 0
    assert run.isdigit()
    assert results == ""
    table = list(csv.reader(io.StringIO((tmp_path / "results.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert table[0][0] == "Код ОО" and school in {row[0] for row in table[1:]}
    approved = json.loads(approve)
    assert approved["id"] == int(run) and approved["status"] == "approved" and approved["order_number"] == "01-12/345"
    listed = json.loads(agreed)
    assert listed["total"] >= 1 and {item["run_id"] for item in listed["items"]} == {int(run)}
