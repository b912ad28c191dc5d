from datetime import UTC, datetime

from notifications.domain import templates

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def signed(**overrides):
    values = {"organisation_name": "Bergen kommune", "agreement_version": 2,
              "signatory_name": "Ordfører Hansen", "signed_at": AT}
    return templates.agreement_signed(**dict(values, **overrides))


def terminated(**overrides):
    values = {"organisation_name": "Bergen kommune", "agreement_version": 2,
              "terminated_by_party": "operator", "reason": "The municipality merged.",
              "terminated_at": AT}
    return templates.agreement_terminated(**dict(values, **overrides))


class TestAgreementSigned:
    def test_confirms_the_agreement_is_in_force_and_the_portal_may_be_used(self):
        mail = signed()
        assert mail.template == "dpa_signed"
        assert "Bergen kommune" in mail.subject and "in force" in mail.subject
        assert "version 2, signed by Ordfører Hansen on 2026-03-02" in mail.body
        assert "The portal may now be used at Bergen kommune" in mail.body
        assert "invite" in mail.body

    def test_carries_a_norwegian_summary(self):
        assert "Databehandleravtalen er signert og gjelder fra 2026-03-02" in signed().body

    def test_a_name_with_line_breaks_cannot_break_the_subject(self):
        mail = signed(organisation_name="Evil\r\nBcc: someone@example.org")
        assert "\n" not in mail.subject and "\r" not in mail.subject
        assert "Evil Bcc: someone@example.org" in mail.subject


class TestAgreementTerminated:
    def test_names_the_operator_as_the_party_and_gives_the_reason(self):
        mail = terminated()
        assert mail.template == "dpa_terminated"
        assert mail.subject == "Data-processing agreement ended: Bergen kommune"
        assert "was terminated by the portal's operator on 2026-03-02" in mail.body
        assert "Reason given: The municipality merged." in mail.body
        assert "may no longer be used at Bergen kommune" in mail.body

    def test_names_the_organisation_when_it_terminated_itself(self):
        mail = terminated(terminated_by_party="organisation")
        assert "was terminated by Bergen kommune on" in mail.body
        assert "sagt opp av Bergen kommune" in mail.body

    def test_an_unknown_party_is_shown_as_given(self):
        assert "terminated by authority on" in terminated(terminated_by_party="authority").body
