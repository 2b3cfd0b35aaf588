"""Gateway maintenance.

    python -m services.gateway.cli create-admin --username admin --full-name "Иванов И.И." [--password-file F]
    python -m services.gateway.cli rotate-key

`create-admin` makes the first administrator (scope: every territory) in an empty installation; the password
is asked at the prompt (twice) or read from a file (the first line), never from the command line, where
other users of the host would see it. Run again, it changes nothing and says so: it is safe in scripts.
`rotate-key` adds a signing key to the keys folder (`OPORA_JWT_KEYS_DIR`, or `<data_dir>/keys`): the new
key signs, the older ones stay published until every token they signed has expired, then are deleted.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

from sqlmodel import Session

from services.gateway.auth.keys import KeyStore, generate_key, key_folder
from services.gateway.identity.models import User
from services.gateway.identity.passwords import passwords_for
from services.gateway.identity.repository import UserRepository
from services.gateway.settings import GatewaySettings, get_settings
from services.shared.db import engine_for, write_transaction
from services.shared.errors import Conflict
from services.shared.security import Role, ScopeKind

MIN_PASSWORD = 8


def read_password(password_file: Path | None) -> str:
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise SystemExit(f"Не удалось прочитать файл с паролем: {error.strerror}") from None
        return lines[0] if lines else ""
    first = getpass.getpass("Пароль администратора: ")
    if getpass.getpass("Ещё раз: ") != first:
        raise SystemExit("Пароли не совпадают.")
    return first


def create_admin(settings: GatewaySettings, username: str, full_name: str, password: str) -> bool:
    """Create the administrator unless a user of that name exists; whether it was created.

    The name is kept in lower case, as the administration form keeps it: sign-in looks names up in lower case.
    Run at once by several deployment scripts (the init step of two replicas), one creates the user and the
    others find it there, as they would run one after the other: the unique name decides, never a traceback."""
    if len(password) < MIN_PASSWORD:
        raise SystemExit(f"Пароль короче {MIN_PASSWORD} символов.")
    username = username.lower()
    engine = engine_for(settings, "gateway")
    try:
        with Session(engine) as session:
            write_transaction(session)  # SQLite: the write lock before the check, so two runs check in turn
            users = UserRepository(session)
            if users.by_username(username) is not None:
                return False
            admin = User(
                username=username,
                full_name=full_name,
                role=Role.admin,
                scope_kind=ScopeKind.all,
                territory_label="Все территории",
                password_hash=passwords_for(settings).hash(password),
            )
            try:
                users.add(admin)
            except Conflict:  # created meanwhile by another run (PostgreSQL: the unique name refused this one)
                return False
            session.commit()
    finally:
        engine.dispose()
    return True


def retired_keys(folder: Path, settings: GatewaySettings, now: datetime) -> list[Path]:
    """Key files whose tokens have all expired: a newer key has signed for longer than any token lives."""
    files = sorted(folder.glob("*.pem"))
    lifetime = timedelta(
        seconds=max(settings.access_token_ttl_seconds, settings.job_token_ttl_seconds) + settings.leeway_seconds
    )
    retired = []
    for older, newer in pairwise(files):
        took_over = datetime.fromtimestamp(newer.stat().st_mtime, UTC)
        if now - took_over > lifetime:
            retired.append(older)
    return retired


def rotate_key(settings: GatewaySettings) -> int:
    if settings.jwt_private_key_file is not None:
        print(
            "Ключ задан одним файлом (OPORA_JWT_PRIVATE_KEY_FILE): для смены ключей задайте папку "
            "OPORA_JWT_KEYS_DIR (см. deploy/README.md).",
            file=sys.stderr,
        )
        return 1
    folder = key_folder(settings)
    path = generate_key(folder)
    for retired in retired_keys(folder, settings, datetime.now(UTC)):
        retired.unlink()
        print(f"Удалён старый ключ: {retired.name} (выданные им токены истекли)")
    store = KeyStore.from_settings(settings)
    print(f"Новый ключ: {path} (kid {store.active.kid}); опубликовано ключей: {len(store.keys)}")
    print("Перезапустите шлюз (все его копии): новый ключ подписывает, старые публикуются, пока живут их токены.")
    return 0


def main(argv: list[str] | None = None) -> int:
    # No abbreviations: `--password …` must be refused, not taken for `--password-file`.
    parser = argparse.ArgumentParser(prog="python -m services.gateway.cli", description=__doc__, allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("rotate-key", help="generate a new signing key; older keys stay published")
    admin = commands.add_parser("create-admin", help="create the first administrator (idempotent)", allow_abbrev=False)
    admin.add_argument("--username", required=True)
    admin.add_argument("--full-name", required=True)
    admin.add_argument("--password-file", type=Path, help="a file whose first line is the password")
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "rotate-key":
        return rotate_key(settings)
    if create_admin(settings, args.username, args.full_name, read_password(args.password_file)):
        print(f"Администратор «{args.username.lower()}» создан.")
    else:
        print(f"Пользователь «{args.username.lower()}» уже есть: ничего не изменено.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
