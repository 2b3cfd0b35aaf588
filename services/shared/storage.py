"""Where files live: the report archive, authorities' letterheads and activities' evidence.

One interface, two places: the local filesystem under `<data_dir>/<area>/` (`make run`, one host) or an
S3 bucket (`OPORA_STORAGE=s3`: MinIO in docker-compose, any S3 service), where every replica of every
service sees the same files. Keys are content addresses (`ab/abcdef…`) chosen by the caller, so writing
the same content twice is harmless. Downloads are streamed in chunks, never read whole into memory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from fastapi.responses import StreamingResponse

from services.shared.errors import NotFound
from services.shared.pauses import pause_point
from services.shared.settings import CommonSettings

CHUNK = 256 * 1024


class Storage(Protocol):
    def put(self, key: str, content: bytes) -> None:
        """Store `content` under `key` (whole or not at all)."""

    def read(self, key: str) -> bytes:
        """The whole content (small files: letterheads); `FileMissing` when absent."""

    def stream(self, key: str) -> Iterator[bytes]:
        """The content in chunks; `FileMissing` is raised before the first chunk when absent."""


class FileMissing(NotFound):
    code = "file_missing"
    detail = "Файл не найден в хранилище"


class LocalStorage:
    """Files under one folder; written to a temporary file first and renamed, so a reader never sees half."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise FileMissing()
        return path

    def put(self, key: str, content: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep_parts(path.parent)
        handle, part = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        pause_point("storage_part_written")
        os.replace(part, path)
        pause_point("storage_stored")

    def read(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise FileMissing() from None

    def stream(self, key: str) -> Iterator[bytes]:
        try:
            file = self._path(key).open("rb")
        except FileNotFoundError:
            raise FileMissing() from None
        return _chunks(file)


STALE_PART_SECONDS = 3600
"""A temporary file this old is a killed writer's (a write takes seconds): the next write in its folder removes
it. Never referenced, as a file is named only once renamed into place."""


def _sweep_parts(folder: Path) -> None:
    stale = time.time() - STALE_PART_SECONDS
    for part in folder.glob(".part-*"):
        with contextlib.suppress(OSError):  # another writer's rename or sweep got there first
            if part.stat().st_mtime < stale:
                part.unlink()


def _chunks(file: Any) -> Iterator[bytes]:
    with file:
        while chunk := file.read(CHUNK):
            yield chunk


class S3Storage:
    """Objects `<area>/<key>` in one bucket (created on first use when missing)."""

    def __init__(self, settings: CommonSettings, area: str) -> None:
        import boto3
        from botocore.config import Config

        self.client: Any = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=settings.s3_secret_access_key,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
        )
        self.bucket = settings.s3_bucket
        self.prefix = f"{area}/"
        self._bucket_ready = False

    def _ensure_bucket(self) -> None:
        if self._bucket_ready:
            return
        from botocore.exceptions import ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            try:
                self.client.create_bucket(Bucket=self.bucket)
            except ClientError as error:  # created by another replica meanwhile
                if error.response.get("Error", {}).get("Code") not in (
                    "BucketAlreadyOwnedByYou",
                    "BucketAlreadyExists",
                ):
                    raise
        self._bucket_ready = True

    def put(self, key: str, content: bytes) -> None:
        self._ensure_bucket()
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=content)

    def _get(self, key: str) -> Any:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "NoSuchBucket", "404"):
                raise FileMissing() from None
            raise

    def read(self, key: str) -> bytes:
        body = self._get(key)
        try:
            content: bytes = body.read()
        finally:
            body.close()
        return content

    def stream(self, key: str) -> Iterator[bytes]:
        body = self._get(key)

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK)
            finally:
                body.close()

        return chunks()


def storage_for(settings: CommonSettings, area: str) -> Storage:
    """The storage of one area (`reports`, `evidence`) as the settings choose."""
    if settings.storage == "s3":
        return S3Storage(settings, area)
    return LocalStorage(settings.data_dir / area)


def content_key(digest: str, suffix: str = "") -> str:
    """Where content with this sha256 is kept: `ab/abcdef…`."""
    return f"{digest[:2]}/{digest}{suffix}"


def file_response(
    storage: Storage,
    key: str,
    media_type: str | None,
    file_name: str,
    headers: dict[str, str] | None = None,
    inline: bool = False,
    size: int | None = None,
) -> StreamingResponse:
    """A download streamed from storage, named for the person who saves it."""
    from urllib.parse import quote

    chunks = storage.stream(key)
    disposition = "inline" if inline else "attachment"
    all_headers = {"Content-Disposition": f"{disposition}; filename*=utf-8''{quote(file_name)}", **(headers or {})}
    if size is not None:
        all_headers["Content-Length"] = str(size)
    return StreamingResponse(chunks, media_type=media_type or "application/octet-stream", headers=all_headers)
