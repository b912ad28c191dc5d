"""The sweeps: bytes no metadata names go after the grace period; documents past their
kind's retention period are erased, with the bytes, and audited as the system."""
import json
from datetime import UTC, datetime, timedelta

import document_samples as samples
import pytest
from documents_world import World

from documents.adapters.storage import new_key
from documents.domain.commands import ApplyRetention, SweepOrphans
from portal_kit.runtime import Runtime


def bus(world: World):
    return next(d for d in world.container.extensions if isinstance(d, Runtime)).app.bus


@pytest.fixture
def settings(settings):
    return dict(settings, ORPHAN_GRACE_SECONDS="0", RETENTION="course_certificate=30d")


def test_bytes_no_metadata_names_are_swept_and_named_ones_stay(world, tmp_path):
    world.kbu_trainee_with_tutor()
    kept = world.uploaded(samples.pdf())
    orphan = new_key()
    source = tmp_path / "orphan"
    source.write_bytes(b"bytes whose metadata never committed")
    world.store.put(orphan, source, "application/pdf")
    assert bus(world).handle(SweepOrphans()) == 1
    assert world.stored_keys() == [world.sql("SELECT storage_key FROM documents")[0][0]]
    assert world.get(f"/documents/{kept['id']}/content", world.as_("p-mette")).status_code == 200


def test_documents_past_retention_are_erased_by_the_system(world):
    world.kbu_trainee_with_tutor()
    old = world.uploaded(samples.pdf())
    recent = world.uploaded(samples.png(), kind="time_attestation")
    with world.engine.begin() as connection:
        from sqlalchemy import text
        connection.execute(text("UPDATE documents SET uploaded_at = :at WHERE id = :id"),
                           {"at": datetime.now(UTC) - timedelta(days=31), "id": old["id"]})
    assert bus(world).handle(ApplyRetention()) == 1
    states = dict(world.sql("SELECT id, state FROM documents"))
    assert states == {old["id"]: "erased", recent["id"]: "awaiting_confirmation"}
    assert len(world.stored_keys()) == 1
    [(actor, detail)] = world.sql(
        "SELECT actor, detail FROM audit_log WHERE action = 'document.erased'")
    assert actor == "system" and json.loads(detail)["grounds"] == "retention"
