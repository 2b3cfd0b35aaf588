"""Who is calling: roles, territorial scopes, and verification of the gateway's access tokens.

Every service verifies tokens itself with the gateway's public keys (JWKS, cached, looked up by `kid`);
the algorithm is pinned, so `alg: none` or an HMAC token signed with the public key is refused.

A token verified once is remembered (its exact text → the caller) until it expires: a phone polling its
deadlines sends the same token on every request, and checking the signature again (ECDSA, plus PyJWT's
per-character base64 checks) cost more CPU than the deadline query itself. Only the verification is kept, with
the key it was verified with: a remembered token is accepted only while its `kid` still finds that same key in
the current key set, so a key the gateway withdraws (rotation after a leak) stops its tokens as soon as the
services' JWKS cache refreshes, not when they expire. The revocation list is asked on every request
(`get_principal`), and a changed or forged token is another text, verified afresh.
"""

from __future__ import annotations

import json
import time
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError

from services.shared.errors import Forbidden, NotAuthenticated, ServiceUnavailable
from services.shared.settings import CommonSettings

ALGORITHM = "ES256"
VERIFIED_TOKENS = 10_000
"""At most this many verified tokens are remembered per process (all are forgotten when it is full)."""


class Role(StrEnum):
    admin = "admin"
    regional_analyst = "regional_analyst"
    municipal_coordinator = "municipal_coordinator"
    curator = "curator"
    school_staff = "school_staff"
    observer = "observer"


ROLE_LABELS: dict[Role, str] = {
    Role.admin: "Администратор",
    Role.regional_analyst: "Региональный аналитик",
    Role.municipal_coordinator: "Муниципальный координатор",
    Role.curator: "Куратор",
    Role.school_staff: "Сотрудник школы",
    Role.observer: "Наблюдатель",
}


class ScopeKind(StrEnum):
    all = "all"
    region = "region"
    municipality = "municipality"
    schools = "schools"


class Scope(BaseModel):
    """The territory a caller may see: everything, a region, a municipality, or a list of schools."""

    kind: ScopeKind
    region: str | None = None
    municipality: str | None = None
    schools: list[str] = Field(default_factory=list)

    def covers(self, region: str | None, municipality: str | None = None, school: str | None = None) -> bool:
        """Whether an object located at (region, municipality, school) lies inside this scope."""
        if self.kind == ScopeKind.all:
            return True
        if self.kind == ScopeKind.region:
            return region is not None and region == self.region
        if self.kind == ScopeKind.municipality:
            return municipality is not None and municipality == self.municipality
        return school is not None and school in self.schools


class Principal(BaseModel):
    """The verified caller of a request."""

    subject: str
    username: str
    name: str
    role: Role
    scope: Scope
    session_id: str | None = None
    is_client: bool = False
    is_job: bool = False
    """A background job's credential (issued by the gateway's `/api/auth/job-token`)."""
    secret_version: str | None = None
    """An API client's token: which of its secrets it was issued for (the gateway refuses it once rotated)."""

    @property
    def can_write(self) -> bool:
        return self.role != Role.observer


class TokenVerifier:
    """Verifies access tokens against the gateway's published keys (or an inline JWKS)."""

    def __init__(self, settings: CommonSettings, jwks: dict[str, Any] | None = None) -> None:
        """`jwks` given: verify with those keys (the gateway's own); else the configured JWKS."""
        self._settings = settings
        self._verified: dict[str, tuple[Principal, float, Any]] = {}
        """Token text → the caller, when it expires, and the key object it was verified with."""
        self._static: jwt.PyJWKSet | None = None
        self._client: jwt.PyJWKClient | None = None
        if jwks is None and settings.jwks_json:
            jwks = json.loads(settings.jwks_json)
        if jwks is not None:
            self._static = jwt.PyJWKSet.from_dict(jwks)
        else:
            self._client = jwt.PyJWKClient(
                settings.effective_jwks_url,
                cache_jwk_set=True,
                lifespan=settings.jwks_cache_seconds,
                timeout=5,
            )

    def _key_for(self, token: str) -> Any:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError:
            kid = None
        if not kid:
            raise NotAuthenticated("Недействительный токен доступа", code="invalid_token")
        if self._static is not None:
            try:
                return self._static[kid].key
            except KeyError:
                raise NotAuthenticated("Недействительный токен доступа", code="invalid_token") from None
        assert self._client is not None
        try:
            return self._client.get_signing_key(kid).key
        except jwt.PyJWKClientConnectionError:
            raise ServiceUnavailable(
                "Не удалось получить ключи проверки токенов от шлюза", code="auth_keys_unavailable"
            ) from None
        except jwt.PyJWKClientError:
            raise NotAuthenticated("Недействительный токен доступа", code="invalid_token") from None

    def decode(self, token: str, key: Any = None) -> dict[str, Any]:
        """The verified claims of an access token, or 401; `key`: the one `_key_for(token)` answered."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key if key is not None else self._key_for(token),
                algorithms=[ALGORITHM],
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                leeway=self._settings.leeway_seconds,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise NotAuthenticated("Срок действия токена истёк", code="token_expired") from None
        except jwt.PyJWTError:
            raise NotAuthenticated("Недействительный токен доступа", code="invalid_token") from None
        if claims.get("typ") != "access":
            raise NotAuthenticated("Недействительный токен доступа", code="invalid_token")
        return claims

    def verify(self, token: str) -> Principal:
        """The caller of a verified token: remembered until the token expires (see the module's note)."""
        key = self._key_for(token)  # a lookup in the cached key set: a withdrawn key fails here
        known = self._verified.get(token)
        if known is not None and time.time() < known[1] and known[2] is key:
            return known[0]
        claims = self.decode(token, key)
        principal = self._principal(claims)
        if len(self._verified) >= VERIFIED_TOKENS:
            self._verified.clear()
        self._verified[token] = (principal, float(claims["exp"]) + self._settings.leeway_seconds, key)
        return principal

    @staticmethod
    def _principal(claims: dict[str, Any]) -> Principal:
        try:
            return Principal(
                subject=claims["sub"],
                username=claims.get("username", ""),
                name=claims.get("name", ""),
                role=claims.get("role"),
                scope=claims.get("scope"),
                session_id=claims.get("sid"),
                is_client=claims.get("client", False),
                is_job=claims.get("job", False),
                secret_version=claims.get("csv"),
            )
        except ValidationError:
            raise NotAuthenticated("Недействительный токен доступа", code="invalid_token") from None


_bearer = HTTPBearer(auto_error=False)


def get_principal(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> Principal:
    """The verified caller; 401 without a valid bearer token. Sync: a JWKS fetch must not block the loop."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated()
    principal = verified_principal(request.app, credentials.credentials)
    request.state.principal = principal
    return principal


def verified_principal(app: Any, token: str) -> Principal:
    """The caller of `token` as `app` verifies it (its key set, its list of ended sessions); 401 otherwise."""
    verifier: TokenVerifier = app.state.verifier
    principal = verifier.verify(token)
    revocations = getattr(app.state, "revocations", None)
    if revocations is not None and principal.is_job:
        revocations.refresh_now()  # a job's token is refused from its logout on, not a poll interval later
    if revocations is not None and revocations.is_revoked(
        principal.session_id, principal.subject, principal.secret_version
    ):
        raise NotAuthenticated("Сессия завершена, войдите снова", code="session_revoked")
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_roles(*roles: Role) -> Any:
    """A dependency that lets only the given roles through (admin always passes)."""

    def dependency(principal: PrincipalDep) -> Principal:
        if principal.role != Role.admin and principal.role not in roles:
            raise Forbidden()
        return principal

    return Depends(dependency)


def require_writer(principal: PrincipalDep) -> Principal:
    """Observers read; everything that changes data refuses them."""
    if not principal.can_write:
        raise Forbidden("Наблюдатель может только просматривать данные", code="read_only")
    return principal


WriterDep = Annotated[Principal, Depends(require_writer)]


def bearer_token(credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)) -> str:
    """The caller's raw token, to pass on when this service asks another one on the caller's behalf."""
    return credentials.credentials if credentials else ""


BearerDep = Annotated[str, Depends(bearer_token)]
