"""Debian's nginx with deploy/nginx/opora.conf, outside Docker: for `nginx -t` in the deployment check and
for the route benchmark (bench/nginx_route.py), with a throwaway certificate where the real one is mounted
and, for a running nginx, the compose host names replaced by local addresses."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx" / "opora.conf"


def nginx_binary() -> str:
    """Debian's nginx (`make install` installs it), installed here with apt-get when still missing (never skipped)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=True, env=env, timeout=600)
        found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found


def write_certificate(folder: Path) -> None:
    """fullchain.pem and privkey.pem of a one-day self-signed certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "opora.test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (folder / "privkey.pem").write_bytes(private)


def local_config(folder: Path, upstreams: dict[str, str] | None = None, ports: tuple[int, int] | None = None) -> Path:
    """nginx.conf in `folder` around the deployed server blocks. `upstreams` maps `host:port` of compose to
    local addresses; `ports` (https, http) makes it listen on 127.0.0.1 instead of 443 and 80."""
    write_certificate(folder)
    conf = NGINX_CONF.read_text(encoding="utf-8").replace("/etc/nginx/certs/", f"{folder}/")
    conf = conf.replace("/var/log/nginx/", f"{folder}/")
    for compose_address, local in (upstreams or {}).items():
        conf = conf.replace(f"http://{compose_address};", f"http://{local};")
    if ports:
        conf = re.sub(r"\n\s*listen \[::\]:[^\n]*", "", conf)
        conf = conf.replace("listen 443 ssl", f"listen 127.0.0.1:{ports[0]} ssl")
        conf = conf.replace("listen 80 default_server", f"listen 127.0.0.1:{ports[1]} default_server")
    (folder / "opora.conf").write_text(conf, encoding="utf-8")
    main = folder / "nginx.conf"
    main.write_text(
        f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log {folder}/access.log;\n  include {folder}/opora.conf;\n}}\n",
        encoding="utf-8",
    )
    return main
