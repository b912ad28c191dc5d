"""A library file keeps every version it was published in."""
from datetime import timedelta

from document_world import AT, stored

from documents.domain.library import LibraryCategory, LibraryFile


def test_publishing_again_adds_a_version_and_keeps_the_history():
    card = LibraryFile.publish_new(curriculum="kbu", curriculum_version="2017",
                                   title="KV-kort 1", category=LibraryCategory.ASSESSMENT_CARD,
                                   stored=stored(100), at=AT, actor="p-admin")
    card.publish(stored(200), AT + timedelta(days=30), "p-admin")
    assert [v.number for v in card.versions] == [1, 2]
    assert card.current.size == 200 and card.version(1).size == 100
    assert card.version(3) is None
