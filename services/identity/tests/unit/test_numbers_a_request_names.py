"""A number a request names for an INTEGER column (a row id, a text version) is refused
above the largest one, not sent to the database (make fuzz: SQLite's OverflowError was a
500)."""
import pytest
from marshmallow import ValidationError

from identity.schemas.http import AuditQuery, SignAgreementIn
from portal_kit.db import ROW_ID_MAX


def test_an_audit_page_before_an_id_no_row_can_have_is_refused():
    with pytest.raises(ValidationError):
        AuditQuery().load({"before_id": "719545918949545607168"})
    assert AuditQuery().load({"before_id": str(ROW_ID_MAX)})["before_id"] == ROW_ID_MAX


def test_signing_a_text_version_no_row_can_have_is_refused():
    with pytest.raises(ValidationError):
        SignAgreementIn().load({"signatory_name": "Ordfører", "text_version": ROW_ID_MAX + 1})


def test_a_text_version_in_the_path_no_row_can_have_is_not_found_without_a_query():
    from identity.domain.exceptions import AgreementTextNotFound
    from identity.service_layer import views

    class Texts:
        def get(self, version):
            raise AssertionError(f"asked the database for {version}")

    class Uow:
        agreement_texts = Texts()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    with pytest.raises(AgreementTextNotFound):
        views.agreement_text(Uow(), 9999999999999999999999)
