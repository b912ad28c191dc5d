"""Each kind of document is kept for its configured period, or for good when none is set."""
from datetime import timedelta

import pytest
from document_world import AT, document

from documents.domain.model import DocumentKind
from documents.domain.retention import RetentionPolicy


def test_without_configuration_every_kind_is_kept():
    policy = RetentionPolicy.parse("")
    assert not policy.expired(document(), AT + timedelta(days=365 * 100))


def test_a_kind_with_a_period_expires_that_long_after_upload():
    policy = RetentionPolicy.parse("other=365d, course_certificate=30d")
    found = document(DocumentKind.COURSE_CERTIFICATE)
    assert not policy.expired(found, AT + timedelta(days=29))
    assert policy.expired(found, AT + timedelta(days=30))
    assert not policy.expired(document(DocumentKind.TIME_ATTESTATION), AT + timedelta(days=999))
    assert "30 days" in policy.reason(found)


def test_an_erased_or_withdrawn_document_does_not_expire_again():
    policy = RetentionPolicy.parse("course_certificate=1d")
    found = document()
    found.withdraw(found.trainee_id, AT)
    assert not policy.expired(found, AT + timedelta(days=5))


@pytest.mark.parametrize("text", ["other=1y", "other=", "unknown=5d", "other=-3d"])
def test_a_period_that_cannot_be_read_is_refused_at_start(text):
    with pytest.raises(ValueError):
        RetentionPolicy.parse(text)
