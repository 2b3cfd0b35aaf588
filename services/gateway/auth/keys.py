"""The gateway's signing keys (ES256): generated into `<data_dir>/keys/` on first start, or configured.

Every key in the folder is published in the JWKS; the newest one signs. Rotation is adding a key
(`python -m services.gateway.cli rotate-key`) and, once the old tokens have expired, deleting the old file.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from services.gateway.settings import GatewaySettings


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_key: ec.EllipticCurvePrivateKey

    @property
    def public_jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = json.loads(ECAlgorithm.to_jwk(self.private_key.public_key()))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": "ES256"}


def _thumbprint(key: ec.EllipticCurvePrivateKey) -> str:
    """RFC 7638 thumbprint of the public key: a stable `kid`."""
    jwk = json.loads(ECAlgorithm.to_jwk(key.public_key()))
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x", "y")}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _load(path: Path) -> SigningKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError(f"{path}: ES256 needs an EC P-256 private key")
    return SigningKey(_thumbprint(key), key)


def generate_key(folder: Path) -> Path:
    """Write a new P-256 key (owner-readable only); its name sorts after the older ones.

    Written under a hidden temporary name and then linked into place (atomic, and refused if the name is taken,
    as an exclusive create was): a gateway starting meanwhile never loads a half-written key, and a run killed
    halfway leaves no empty `*.pem` that every later start would fail to load."""
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path = folder / f"es256-{datetime.now(UTC):%Y%m%dT%H%M%S%f}.pem"
    handle, part = tempfile.mkstemp(dir=folder, prefix=".part-", suffix=".key")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(pem)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(part, path)
        except FileExistsError:
            raise
        except OSError:  # a volume without hard links: a rename, as atomic (the name is unique to the microsecond)
            os.replace(part, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(part)
    return path


def _key_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pem")) if folder.exists() else []


def _first_key(folder: Path) -> list[Path]:
    """The key of a new installation, generated once: gateways starting at once (one host) take turns on a lock
    file, and the later ones find the first one's key. Each generating its own, each would sign with a key the
    others do not publish, and refuse the tokens the others sign."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".first-key.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _key_files(folder) or [generate_key(folder)]


def _loaded(folder: Path, paths: list[Path]) -> list[SigningKey]:
    """The keys of these files; a file deleted since it was listed (`rotate-key` retiring it) is left out, and
    the folder is listed again if every one was."""
    for _ in range(3):
        keys = []
        for path in paths:
            try:
                keys.append(_load(path))
            except FileNotFoundError:
                continue
        if keys:
            return keys
        paths = _key_files(folder)
    return []


class KeyStore:
    def __init__(self, keys: list[SigningKey]) -> None:
        if not keys:
            raise ValueError("no signing key")
        self.keys = keys

    @property
    def active(self) -> SigningKey:
        return self.keys[-1]

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.public_jwk for key in self.keys]}

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> KeyStore:
        if settings.jwt_private_key_file is not None:
            return cls([_load(settings.jwt_private_key_file)])
        folder = key_folder(settings)
        files = _key_files(folder)
        if not files:
            if settings.is_production:
                raise ValueError(
                    f"{folder}: no signing key (create one with `python -m services.gateway.cli rotate-key`)"
                )
            files = _first_key(folder)
        return cls(_loaded(folder, files))


def key_folder(settings: GatewaySettings) -> Path:
    """The folder of signing keys: `OPORA_JWT_KEYS_DIR` (production: a volume every gateway mounts) or
    `<data_dir>/keys`."""
    return settings.jwt_keys_dir or settings.data_dir / "keys"
