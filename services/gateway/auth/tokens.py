"""Issuing access tokens (JWT, ES256) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import timedelta

import jwt

from services.gateway.auth.keys import KeyStore
from services.gateway.settings import GatewaySettings
from services.shared.audit import utcnow
from services.shared.security import ALGORITHM, Role, Scope


def issue_access_token(
    keys: KeyStore,
    settings: GatewaySettings,
    *,
    subject: str,
    username: str,
    name: str,
    role: Role,
    scope: Scope,
    session_id: str | None = None,
    client: bool = False,
    job: bool = False,
    secret_version: str | None = None,
) -> str:
    """An access token; `job`: the credential of one background job, valid `job_token_ttl_seconds`."""
    now = utcnow()
    ttl = settings.job_token_ttl_seconds if job else settings.access_token_ttl_seconds
    claims = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": subject,
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(seconds=ttl),
        "jti": uuid.uuid4().hex,
        "typ": "access",
        "username": username,
        "name": name,
        "role": str(role),
        "scope": scope.model_dump(mode="json"),
        "client": client,
    }
    if session_id:
        claims["sid"] = session_id
    if job:
        claims["job"] = True
    if secret_version:
        claims["csv"] = secret_version
    return jwt.encode(claims, keys.active.private_key, algorithm=ALGORITHM, headers={"kid": keys.active.kid})


def new_refresh_token() -> tuple[str, str]:
    """A refresh token and the hash stored in its place (the token itself is never stored)."""
    token = secrets.token_urlsafe(48)
    return token, hash_secret_token(token)


def hash_secret_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
