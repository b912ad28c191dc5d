"""identity's commands for operators: ``python -m identity.manage <command>``.

    load-organisations [FILE...]                 the shipped lists (default: all of them)
    import-organisations FORMAT FILE [--update-names]
                                                 an update in an official format:
                                                 klass-131 (SSB municipalities),
                                                 dawa-regioner (Danish regions)
    seed-development                             the development data (PORTAL_ENV=development)

They run as the operator's bootstrap client, through the same commands as the API.
Configuration is identity's (``services/identity/config.yml``, from the environment).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from nameko.cli.main import setup_yaml_parser

from identity import config as settings
from identity.adapters.oauth.clients import MACHINE_SCOPES
from identity.adapters.organisation_lists import (
    OFFICIAL_FORMATS,
    ListError,
    read_portal_file,
    shipped_files,
)
from identity.bootstrap import bootstrap
from identity.domain import commands
from identity.entrypoints import development_seed
from portal_kit.principal import Principal
from portal_kit.wiring import App

CONFIG = Path(__file__).resolve().parents[2] / "config.yml"


def operator(config: Mapping[str, Any]) -> Principal:
    client = settings.setting(config, "OPERATOR_CLIENT_ID", "operator")
    return Principal(client, frozenset({"operator"}), claims={
        "client_id": client, "scope": " ".join(MACHINE_SCOPES)})


def load_config() -> dict[str, Any]:
    setup_yaml_parser()
    return dict(yaml.safe_load(CONFIG.read_text()))


def load(app: App, by: Principal, files: list[Path], update_names: bool = False) -> dict:
    listed = tuple(item for path in files for item in read_portal_file(path))
    return _report(app.bus.handle(commands.LoadOrganisations(listed, by, update_names)))


def import_official(app: App, by: Principal, form: str, path: Path, update_names: bool) -> dict:
    listed = tuple(OFFICIAL_FORMATS[form](path))
    return _report(app.bus.handle(commands.LoadOrganisations(listed, by, update_names)))


def _report(report: Any) -> dict:
    return {"added": len(report.added), "renamed": report.renamed,
            "unchanged": report.unchanged,
            "differing": [{"code": c, "ours": a, "theirs": b} for c, a, b in report.differing]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m identity.manage",
                                     description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("load-organisations").add_argument("files", nargs="*", type=Path)
    official = sub.add_parser("import-organisations")
    official.add_argument("format", choices=sorted(OFFICIAL_FORMATS))
    official.add_argument("file", type=Path)
    official.add_argument("--update-names", action="store_true")
    sub.add_parser("seed-development")
    args = parser.parse_args(argv)
    config = load_config()
    app, by = bootstrap(config), operator(config)
    try:
        if args.command == "load-organisations":
            result = load(app, by, args.files or shipped_files())
        elif args.command == "import-organisations":
            result = import_official(app, by, args.format, args.file, args.update_names)
        else:
            if not settings.is_development(config):
                raise SystemExit("seed-development runs only with PORTAL_ENV=development")
            result = development_seed.seed(app, by, load(app, by, shipped_files()))
    except ListError as error:
        raise SystemExit(str(error)) from None
    finally:
        app.engine.dispose()
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
