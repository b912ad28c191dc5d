"""The texts the portal sends, in one place: plain text, English first.

Each template has a name (kept in the delivery log), a subject and a body,
filled in with ``str.format``. A short Norwegian and Danish summary follows
the English text, as the organisations are Norwegian municipalities
(kommuner) and Danish regions.
"""
from __future__ import annotations

from datetime import datetime

from notifications.domain.model import RenderedMail

AGREEMENT_SIGNED = "dpa_signed"
AGREEMENT_TERMINATED = "dpa_terminated"

FOOTER = """
--
This message was sent automatically by the competency portal. Please do not reply.
"""

SIGNED_SUBJECT = "Data-processing agreement in force: {organisation} can now use the portal"
SIGNED_BODY = """Dear {organisation},

Your data-processing agreement (databehandleravtale) with the operator of the
competency portal is now in force: version {version}, signed by {signatory} on {date}.

The portal may now be used at {organisation}. Doctors in specialist training
there can invite their leaders, advisors and supervisors by e-mail.

The agreement lasts until either party terminates it.

Norsk: Databehandleravtalen er signert og gjelder fra {date}. Portalen kan nå
tas i bruk i {organisation}, og invitasjoner kan sendes.
Dansk: Databehandleraftalen er underskrevet og gælder fra {date}. Portalen kan
nu tages i brug hos {organisation}, og invitationer kan sendes.
"""

TERMINATED_SUBJECT = "Data-processing agreement ended: {organisation}"
TERMINATED_BODY = """Dear {organisation},

Your data-processing agreement (databehandleravtale) with the operator of the
competency portal, version {version}, was terminated by {party} on {date}.

Reason given: {reason}

From now on the portal may no longer be used at {organisation}, and no new
invitations can be sent there. A new agreement can be signed at any time.

Norsk: Databehandleravtalen er sagt opp av {party_no} fra {date}. Portalen kan
ikke lenger brukes i {organisation}. Begrunnelse: se over.
Dansk: Databehandleraftalen er opsagt af {party_da} fra {date}. Portalen kan
ikke længere bruges hos {organisation}. Begrundelse: se ovenfor.
"""

OPERATOR = ("the portal's operator", "portalens operatør", "portalens operatør")


def agreement_signed(*, organisation_name: str, agreement_version: int,
                     signatory_name: str, signed_at: datetime) -> RenderedMail:
    values = {"organisation": one_line(organisation_name), "version": agreement_version,
              "signatory": one_line(signatory_name), "date": _date(signed_at)}
    return _render(AGREEMENT_SIGNED, SIGNED_SUBJECT, SIGNED_BODY, values)


def agreement_terminated(*, organisation_name: str, agreement_version: int,
                         terminated_by_party: str, reason: str,
                         terminated_at: datetime) -> RenderedMail:
    organisation = one_line(organisation_name)
    party, party_no, party_da = _party(terminated_by_party, organisation)
    values = {"organisation": organisation, "version": agreement_version, "party": party,
              "party_no": party_no, "party_da": party_da, "reason": reason.strip(),
              "date": _date(terminated_at)}
    return _render(AGREEMENT_TERMINATED, TERMINATED_SUBJECT, TERMINATED_BODY, values)


def one_line(text: str) -> str:
    """Collapse whitespace, so a value can never break a header or a sentence."""
    return " ".join(text.split())


def _party(party: str, organisation: str) -> tuple[str, str, str]:
    """Who terminated, in English, Norwegian and Danish."""
    if party == "operator":
        return OPERATOR
    name = organisation if party == "organisation" else one_line(party)
    return name, name, name


def _render(name: str, subject: str, body: str, values: dict[str, object]) -> RenderedMail:
    return RenderedMail(name, one_line(subject.format(**values)),
                        body.format(**values) + FOOTER)


def _date(at: datetime) -> str:
    return at.strftime("%Y-%m-%d")
