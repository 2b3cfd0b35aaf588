"""Roadmap maintenance: `python -m services.roadmap.cli notify [--today YYYY-MM-DD]` runs the notification job
once (for cron, or when `OPORA_NOTIFY_EVERY_MINUTES` is 0: the worker runs it otherwise)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from services.roadmap.deadlines.job import run_once
from services.roadmap.settings import get_settings
from services.shared.db import make_engine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.roadmap.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    notify = commands.add_parser("notify", help="create due-soon and overdue notifications and mail them")
    notify.add_argument("--today", type=date.fromisoformat, default=None, help="the day to count from")
    args = parser.parse_args(argv)
    settings = get_settings()
    engine = make_engine(settings.database_url("roadmap"))
    try:
        result = run_once(engine, settings, args.today)
    finally:
        engine.dispose()
    print(
        f"Уведомлений создано: {result['created']}; писем отправлено: {result['mailed']}; "
        f"не отправлено: {result['mail_failed']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
