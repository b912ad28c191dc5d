"""schemathesis' configuration for a run with the world's values (tests/e2e/fuzz_world.py):
the repository's schemathesis.toml, and each path parameter and body field the world names
drawn from its dictionary half of the time (the other half generated as before), so a
request may name a real trainee, placement or place, and a create succeed and its links be
followed."""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBABILITY = 0.5
# a body field -> the world's values it takes
BODY = {"trainee_id": "trainee_id", "agreement_holder_id": "holder_id", "place_id": "place_id",
        "person_id": "person_id", "tutor_id": "tutor_id", "placement_id": "placement_id",
        "organisation_id": "organisation_id", "curriculum": "curriculum",
        "curriculum_version": "version"}


def with_values(values: dict[str, list[str]], folder: Path) -> Path:
    """A config file in ``folder``: schemathesis.toml plus the world's dictionaries."""
    lines = [(ROOT / "schemathesis.toml").read_text(), "", "[parameters]"]
    lines += [f'"path.{name}" = {{ dictionary = "{name}", probability = {PROBABILITY} }}'
              for name in sorted(values)]
    lines += [f'"body.{field}" = {{ dictionary = "{name}", probability = {PROBABILITY} }}'
              for field, name in sorted(BODY.items()) if name in values]
    for name, found in sorted(values.items()):
        lines += ["", f"[dictionaries.{name}]", f"values = {json.dumps(list(found))}"]
    path = folder / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n")
    return path
