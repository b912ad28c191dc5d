"""Documents' settings from its nameko config (``config.yml``, read from the environment)."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from documents.adapters.storage import BlobStore, FolderStore
from documents.domain.access import ASSURANCE_RANK, SIGNING_ASSURANCE
from documents.domain.retention import RetentionPolicy

MEGABYTE = 1024 * 1024


def max_upload_bytes(config: Mapping[str, Any]) -> int:
    return int(config.get("MAX_UPLOAD_BYTES") or 20 * MEGABYTE)


def max_image_pixels(config: Mapping[str, Any]) -> int:
    return int(config.get("MAX_IMAGE_PIXELS") or 40_000_000)


def data_dir(config: Mapping[str, Any]) -> Path:
    return Path(str(config.get("DATA_DIR") or ".data"))


def spool_dir(config: Mapping[str, Any]) -> Path:
    """Where uploads are spooled while they arrive and are checked (never in memory)."""
    return Path(str(config.get("SPOOL_DIR") or data_dir(config) / "documents-spool"))


def store(config: Mapping[str, Any]) -> BlobStore:
    kind = str(config.get("STORAGE") or "folder")
    if kind == "folder":
        return FolderStore(config.get("STORAGE_DIR") or data_dir(config) / "documents")
    if kind == "s3":
        from documents.adapters.s3 import S3Store  # boto3 only where it is used
        return S3Store(_s3_settings(config))
    raise ValueError(f"DOCUMENTS_STORAGE must be folder or s3, not {kind!r}")


def _s3_settings(config: Mapping[str, Any]) -> Any:
    from documents.adapters.s3 import S3Settings
    bucket = str(config.get("S3_BUCKET") or "")
    if not bucket:
        raise ValueError("DOCUMENTS_STORAGE=s3 needs DOCUMENTS_S3_BUCKET")
    endpoint = str(config.get("S3_ENDPOINT_URL") or "") or None
    return S3Settings(
        bucket=bucket, prefix=str(config.get("S3_PREFIX") or ""), endpoint_url=endpoint,
        region=str(config.get("S3_REGION") or "") or None,
        access_key_id=str(config.get("S3_ACCESS_KEY_ID") or "") or None,
        secret_access_key=str(config.get("S3_SECRET_ACCESS_KEY") or "") or None,
        addressing_style=str(config.get("S3_ADDRESSING_STYLE") or
                             ("path" if endpoint else "auto")),
        server_side_encryption=str(config.get("S3_SERVER_SIDE_ENCRYPTION") or "") or None)


def retention(config: Mapping[str, Any]) -> RetentionPolicy:
    return RetentionPolicy.parse(str(config.get("RETENTION") or ""))


def orphan_grace_seconds(config: Mapping[str, Any]) -> float:
    return float(config.get("ORPHAN_GRACE_SECONDS") or 3600)


def sweep_seconds(config: Mapping[str, Any]) -> float:
    return float(config.get("SWEEP_SECONDS") or 600)


def signing_assurance(config: Mapping[str, Any]) -> dict[str, str]:
    """The assurance a confirmation needs per country: competencies' sign-off settings
    (SIGNOFF_MIN_ASSURANCE_NO, default high; _DK, default substantial)."""
    found = dict(SIGNING_ASSURANCE)
    for country in found:
        given = str(config.get(f"SIGNOFF_MIN_ASSURANCE_{country}") or "").strip()
        if given:
            if given not in ASSURANCE_RANK:
                raise ValueError(f"SIGNOFF_MIN_ASSURANCE_{country} must be one of "
                                 f"{', '.join(ASSURANCE_RANK)}, not {given!r}")
            found[country] = given
    return found
