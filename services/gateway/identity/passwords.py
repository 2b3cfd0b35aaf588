"""Argon2 hashing of passwords and client secrets (pwdlib's recommended parameters)."""

from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()
# Verified against for unknown users, so a missing account costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("opora-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _hasher.verify(password, _DUMMY_HASH)
        return False
    return _hasher.verify(password, password_hash)
