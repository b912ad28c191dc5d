"""Curriculum files on disk: YAML read with each mapping's line, for errors that name it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from competencies.domain.curricula import Curriculum
from competencies.domain.curriculum_files import FileReader
from competencies.domain.exceptions import CurriculumFileInvalid

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "curricula"


class LineDict(dict[str, Any]):
    """A mapping of the file that remembers the line it starts on (1-based)."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are ``LineDict``s and refuse a key given twice."""


def _line_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Any:
    keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise yaml.constructor.ConstructorError(
            None, None, f"duplicate key {duplicates[0]}", node.start_mark)
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _line_mapping)


def read_document(path: Path) -> Any:
    """The file parsed; a YAML error is refused with its line."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise CurriculumFileInvalid(f"{path.name}:{line}: {error.problem or error}",
                                    file=path.name, line=line) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CurriculumFileInvalid(f"{path.name}:1: {error}", file=path.name, line=1) from None


def shipped_files() -> list[Path]:
    return sorted(SHIPPED.glob("*.yaml"))


def files_in(paths: list[Path]) -> list[Path]:
    """Files named, and the ``*.yaml`` files of folders named."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return found


def read_files(paths: list[Path], known: dict[tuple[str, str], Curriculum] | None = None
               ) -> list[Curriculum]:
    """Every file read and checked, previous versions first; one bad file refuses them all.

    ``known`` are the versions already loaded, for a file whose previous version is not
    among ``paths``.
    """
    documents = [(path.name, read_document(path)) for path in paths]
    pending = {i: FileReader(name, doc) for i, (name, doc) in enumerate(documents)}
    versions: dict[tuple[str, str], Curriculum] = dict(known or {})
    read: list[Curriculum] = []
    seen: dict[tuple[str, str], str] = {}
    while pending:
        progressed = False
        for index, reader in list(pending.items()):
            previous = _previous_of(reader)
            if previous is not None and previous not in versions:
                if any(_key_of(r) == previous for r in pending.values()):
                    continue
                raise reader.fail(reader.document, f"previous_version {previous[1]} of "
                                  f"{previous[0]} is neither loaded nor among the files")
            curriculum = reader.read(versions.get(previous) if previous else None)
            if curriculum.key in seen:
                raise reader.fail(reader.document, f"version {curriculum.version} of "
                                  f"{curriculum.curriculum} is also in {seen[curriculum.key]}")
            seen[curriculum.key] = reader.name
            versions[curriculum.key] = curriculum
            read.append(curriculum)
            del pending[index]
            progressed = True
        if not progressed:
            reader = next(iter(pending.values()))
            raise reader.fail(reader.document, "previous_version chain has a cycle")
    return read


def _key_of(reader: FileReader) -> tuple[str, str] | None:
    doc = reader.document
    if isinstance(doc, dict) and "curriculum" in doc and "version" in doc:
        return str(doc["curriculum"]), str(doc["version"])
    return None


def _previous_of(reader: FileReader) -> tuple[str, str] | None:
    doc = reader.document
    if isinstance(doc, dict) and doc.get("previous_version") is not None:
        return str(doc.get("curriculum")), str(doc["previous_version"])
    return None
