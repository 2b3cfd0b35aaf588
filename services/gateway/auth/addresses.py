"""The client's address as the login throttle sees it.

`X-Forwarded-For` and `X-Real-IP` are written by whoever sends the request, so they are believed only when
the connection comes from a configured proxy (`OPORA_TRUSTED_PROXIES`, loopback by default). The client is then
the right-most address of `X-Forwarded-For` that is not itself a trusted proxy: everything left of it was
written by the client and may be forged.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from fastapi import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """The networks of `OPORA_TRUSTED_PROXIES` (`127.0.0.1/8,::1,10.0.0.0/8`); bad entries are ignored."""
    networks: list[Network] = []
    for part in setting.split(","):
        try:
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


def _is_trusted(value: str, networks: tuple[Network, ...]) -> bool:
    address = _ip(value)
    return address is not None and any(address in network for network in networks)


def client_address(request: Request, trusted: str) -> str:
    """The address a request comes from, looking through trusted proxies only."""
    peer = request.client.host if request.client else ""
    networks = trusted_networks(trusted)
    if not _is_trusted(peer, networks):
        return peer or "unknown"
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    for hop in reversed(forwarded):
        if _ip(hop) is None:
            break  # garbage in the header: stop at what the proxy itself vouches for
        if not _is_trusted(hop, networks):
            return str(_ip(hop))
    real_ip = _ip(request.headers.get("x-real-ip", ""))
    if real_ip is not None:
        return str(real_ip)
    return peer
