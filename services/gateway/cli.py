"""Gateway maintenance: `python -m services.gateway.cli rotate-key` adds a new signing key."""

from __future__ import annotations

import argparse
import sys

from services.gateway.auth.keys import KeyStore, generate_key
from services.shared.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.gateway.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("rotate-key", help="generate a new signing key; older keys stay published")
    parser.parse_args(argv)
    settings = get_settings()
    if settings.jwt_private_key_file is not None:
        print("Ключ задан через OPORA_JWT_PRIVATE_KEY_FILE: замените файл и перезапустите шлюз.", file=sys.stderr)
        return 1
    path = generate_key(settings.data_dir / "keys")
    store = KeyStore.from_settings(settings)
    print(f"Новый ключ: {path} (kid {store.active.kid}); опубликовано ключей: {len(store.keys)}")
    print("Перезапустите шлюз; удалите старый файл, когда истекут выданные им токены.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
