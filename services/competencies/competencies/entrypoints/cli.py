"""competencies' commands for operators: ``python -m competencies.manage <command>``.

    load-curricula [PATH...]     curriculum files (default: the shipped ones); all or none,
                                 a refused file named with its line; loading again changes
                                 nothing
    import-helsedir --into FILE --objectives JSON [--activities JSON] [--out FILE]
                                 Helsedirektoratet's content API answers → the curriculum
                                 file with the official wording (written to --out, default
                                 stdout), checked as load-curricula checks it

Configuration is competencies' (``services/competencies/config.yml``, from the environment).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from nameko.cli.main import setup_yaml_parser

from competencies.adapters import helsedir
from competencies.adapters.curriculum_yaml import files_in, read_files, shipped_files
from competencies.bootstrap import bootstrap
from competencies.domain.commands import LoadCurricula
from competencies.domain.exceptions import CurriculumFileInvalid
from competencies.service_layer import curricula

CONFIG = Path(__file__).resolve().parents[2] / "config.yml"


def load_config() -> dict[str, Any]:
    setup_yaml_parser()
    return dict(yaml.safe_load(CONFIG.read_text()))


def load(config: dict[str, Any], paths: list[Path]) -> dict[str, Any]:
    app = bootstrap(config)
    try:
        known = {c.key: c for c in app.bus.query(curricula.all_versions)}
        report = app.bus.handle(LoadCurricula(tuple(read_files(files_in(paths), known))))
        return dataclasses.asdict(report)
    finally:
        app.engine.dispose()


def import_helsedir(into: Path, objectives: Path, activities: Path | None,
                    out: Path | None) -> dict[str, Any]:
    report = helsedir.ImportReport()
    found = helsedir.objectives(json.loads(objectives.read_text(encoding="utf-8")), report)
    if activities is not None:
        helsedir.attach_activities(
            found, json.loads(activities.read_text(encoding="utf-8")), report)
    document = yaml.safe_load(into.read_text(encoding="utf-8"))
    helsedir.apply(document, found, report)
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    _check_loads(into.name, text, into.parent)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
    return dataclasses.asdict(report)


def _check_loads(name: str, text: str, folder: Path) -> None:
    """The written file must load (its previous version read from beside the original)."""
    with tempfile.TemporaryDirectory() as scratch:
        written = Path(scratch) / name
        written.write_text(text, encoding="utf-8")
        others = [p for p in sorted(folder.glob("*.yaml")) if p.name != name]
        read_files([*others, written])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m competencies.manage",
                                     description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("load-curricula").add_argument("paths", nargs="*", type=Path)
    imported = sub.add_parser("import-helsedir")
    imported.add_argument("--into", type=Path, required=True)
    imported.add_argument("--objectives", type=Path, required=True)
    imported.add_argument("--activities", type=Path)
    imported.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "load-curricula":
            result = load(load_config(), args.paths or shipped_files())
        else:
            result = import_helsedir(args.into, args.objectives, args.activities, args.out)
    except (CurriculumFileInvalid, helsedir.HelsedirFormatError) as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    except (OSError, json.JSONDecodeError) as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False), file=sys.stderr if args.command ==
          "import-helsedir" and args.out is None else sys.stdout)
    return 0
