"""The S3-compatible object store (AWS S3, MinIO, Ceph, ...) through boto3.

Configuration alone switches to it (``DOCUMENTS_STORAGE=s3``): bucket, optional
key prefix, endpoint URL for a store other than AWS, region, credentials (else
boto3's own chain: environment, instance role), addressing style, server-side
encryption. A file goes up in one ``PutObject`` streamed from the spooled file
(atomic: a key never names half a file) and comes down streamed in chunks.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from documents.adapters.storage import CHUNK, KEY, BlobMissing, checked


@dataclass(frozen=True)
class S3Settings:
    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    addressing_style: str = "auto"
    server_side_encryption: str | None = None


class S3Store:
    def __init__(self, settings: S3Settings, client: Any = None) -> None:
        self.settings = settings
        self.bucket = settings.bucket
        self.prefix = settings.prefix
        self.client = client or _client(settings)

    def put(self, key: str, source: Path, media_type: str) -> None:
        extra = {"ServerSideEncryption": self.settings.server_side_encryption} \
            if self.settings.server_side_encryption else {}
        with open(source, "rb") as body:
            self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=body,
                                   ContentLength=source.stat().st_size,
                                   ContentType=media_type, **extra)

    def open(self, key: str) -> Iterator[bytes]:
        try:
            found = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise BlobMissing(key) from None
            raise
        return ObjectChunks(found["Body"])

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def listing(self) -> Iterator[tuple[str, datetime]]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", []):
                key = item["Key"][len(self.prefix):]
                if KEY.match(key):
                    yield key, item["LastModified"]

    def _name(self, key: str) -> str:
        return self.prefix + checked(key)


class ObjectChunks:
    def __init__(self, body: Any) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.body.iter_chunks(CHUNK)
        finally:
            self.body.close()

    def close(self) -> None:
        self.body.close()


def _client(settings: S3Settings) -> Any:
    # Checksums only where S3 requires them: S3-compatible stores differ in what
    # they accept, and a streamed PutObject needs none.
    config = Config(s3={"addressing_style": settings.addressing_style},
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required",
                    retries={"max_attempts": 3, "mode": "standard"},
                    connect_timeout=5, read_timeout=30)
    return boto3.session.Session().client(
        "s3", endpoint_url=settings.endpoint_url or None, region_name=settings.region or None,
        aws_access_key_id=settings.access_key_id or None,
        aws_secret_access_key=settings.secret_access_key or None, config=config)
