"""Render the kustomize overlays and validate their manifests offline.

Kubernetes' own kinds are validated by kubernetes-validate (its bundled schemas,
strict: an unknown field fails); the operators' custom resources by the JSON
schemas taken from their CRDs (k8s/schemas/, sources named there), made strict
the same way: an object that lists its properties admits no other, unless the
CRD says it keeps unknown fields.
"""
from __future__ import annotations

import copy
import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "k8s"
OVERLAYS = ("staging", "production")
# The oldest and the newest Kubernetes minor versions supported upstream today.
KUBERNETES_VERSIONS = ("1.35.0", "1.37.0")
Doc = dict[str, Any]


@functools.cache
def render(overlay: str) -> tuple[Doc, ...]:
    """``kubectl kustomize`` of an overlay (or ``base``): its documents."""
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl (with its kustomize) is needed to render k8s/"
    path = K8S / ("base" if overlay == "base" else f"overlays/{overlay}")
    done = subprocess.run([kubectl, "kustomize", str(path)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


def custom_schema_path(doc: Doc) -> Path:
    group, _, version = doc["apiVersion"].rpartition("/")
    return K8S / "schemas" / group / f"{doc['kind']}_{version}.json"


def is_custom(doc: Doc) -> bool:
    group = doc["apiVersion"].rpartition("/")[0]
    return "." in group and not group.endswith(".k8s.io")


@functools.cache
def strict_schema(path: Path) -> Doc:
    return strict(json.loads(path.read_text()))


def strict(schema: Any) -> Any:
    """The schema with ``additionalProperties: false`` wherever it lists properties."""
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: strict(value) for key, value in schema.items()}
    if ("properties" in result and "additionalProperties" not in result
            and not result.get("x-kubernetes-preserve-unknown-fields")):
        result["additionalProperties"] = False
    return result


def problems(doc: Doc) -> list[str]:
    """What is wrong with one manifest, for every Kubernetes version checked."""
    name = f"{doc.get('kind')} {doc.get('metadata', {}).get('name')}"
    if is_custom(doc):
        path = custom_schema_path(doc)
        if not path.exists():
            return [f"{name}: no schema {path.relative_to(ROOT)}"]
        body = copy.deepcopy(doc)
        for key in ("apiVersion", "kind"):
            body.pop(key)
        validator = jsonschema.Draft7Validator(strict_schema(path))
        return [f"{name}: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
                for e in validator.iter_errors({"apiVersion": doc["apiVersion"],
                                                "kind": doc["kind"], **body})]
    found = []
    for version in KUBERNETES_VERSIONS:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            found.append(f"{name} (Kubernetes {version}): {error.message[:300]}")
        except kubernetes_validate.SchemaNotFoundError:
            found.append(f"{name}: Kubernetes {version} has no {doc['apiVersion']}")
    return found
