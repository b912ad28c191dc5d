import pytest
from marshmallow import ValidationError

from invitations.schemas.http import AuditQuery


def test_an_audit_page_before_an_id_no_row_can_have_is_refused_not_sent_to_the_database():
    # make fuzz: before_id=9999999999999999999999 made SQLite raise OverflowError (a 500)
    with pytest.raises(ValidationError):
        AuditQuery().load({"before_id": "9999999999999999999999"})
