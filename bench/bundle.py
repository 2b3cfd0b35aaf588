"""Sizes of the SPA build: every chunk gzipped, and what a screen's first load costs (entry + the screen's chunk and
everything they import statically, JS and CSS), against the budget of the phone's first screen (Мои сроки, where
school staff land: at most 150 KB gzipped).

    cd frontend && npm run build && cd .. && .venv/bin/python -m bench.bundle [--check]

Prints figures; `--check` also exits 1 when the phone's first screen is over the budget (for CI or the build).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
BUDGET_KB = 150.0
PHONE_FIRST_SCREEN = "src/views/DeadlinesView.vue"
Manifest = dict[str, dict[str, Any]]
SCREENS = {
    "Мои сроки (телефон, первый экран)": PHONE_FIRST_SCREEN,
    "Обзор": "src/views/DashboardView.vue",
    "Школы": "src/views/SchoolsView.vue",
    "План": "src/views/PlanView.vue",
    "Мероприятие": "src/views/ActivityView.vue",
}


def gzipped_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), compresslevel=9)) / 1024


def closure(manifest: Manifest, key: str, seen: set[str] | None = None) -> set[str]:
    """The manifest keys a chunk needs before it runs: itself and its static imports, recursively."""
    seen = set() if seen is None else seen
    if key in seen or key not in manifest:
        return seen
    seen.add(key)
    for imported in manifest[key].get("imports", []):
        closure(manifest, str(imported), seen)
    return seen


def files_of(manifest: Manifest, keys: set[str]) -> set[str]:
    files: set[str] = set()
    for key in keys:
        entry = manifest[key]
        files.add(str(entry["file"]))
        files.update(str(css) for css in entry.get("css", []))
    return files


def screen_kb(manifest: Manifest, entry: str, screen: str) -> float:
    files = files_of(manifest, closure(manifest, entry) | closure(manifest, screen))
    return sum(gzipped_kb(DIST / name) for name in files) + gzipped_kb(DIST / "index.html")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the phone's first screen is over budget")
    args = parser.parse_args(argv)
    manifest_path = DIST / ".vite" / "manifest.json"
    if not manifest_path.exists():
        print(f"{manifest_path} is missing: run `npm run build` in frontend/ first", file=sys.stderr)
        return 2
    manifest: Manifest = json.loads(manifest_path.read_text())
    entry = next(key for key, chunk in manifest.items() if chunk.get("isEntry"))

    print("chunk                                              KB      KB gzip")
    for path in sorted((DIST / "assets").iterdir(), key=lambda p: -p.stat().st_size):
        print(f"{path.name:<48} {path.stat().st_size / 1024:8.1f} {gzipped_kb(path):10.1f}")
    total = sum(gzipped_kb(p) for p in (DIST / "assets").iterdir())
    print(f"{'all chunks':<48} {'':8} {total:10.1f}\n")

    print("first load of a screen (entry + screen, static imports, CSS), KB gzip")
    for title, screen in SCREENS.items():
        print(f"  {title:<40} {screen_kb(manifest, entry, screen):8.1f}")
    phone = screen_kb(manifest, entry, PHONE_FIRST_SCREEN)
    verdict = "within" if phone <= BUDGET_KB else "OVER"
    print(f"\nphone's first screen: {phone:.1f} KB gzip — {verdict} the budget of {BUDGET_KB:.0f} KB")
    return 1 if args.check and phone > BUDGET_KB else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
