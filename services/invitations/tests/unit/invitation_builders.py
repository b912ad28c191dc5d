"""Small builders for the domain tests (plain objects, no database)."""
from datetime import UTC, date, datetime, timedelta

from invitations.domain.links import LinkToken
from invitations.domain.projections import Placement
from invitations.domain.teams import Team

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
LIFETIME = timedelta(days=14)


def placement(trainee_id="kari", ends_on=date(2027, 8, 31), **changes):
    values = {"placement_id": "pl-1", "enrolment_id": "en-1", "trainee_id": trainee_id,
              "place_id": "bergen", "agreement_holder_id": "bergen", "curriculum": "lis1",
              "starts_on": date(2027, 2, 1), "ends_on": ends_on, "country": "NO"}
    return Placement(**{**values, **changes})


def team(**changes):
    return Team(placement(**changes), [], [])


def invite(members, role="supervisor", email="lars@example.org", at=NOW):
    return members.invite(role=role, email=email, language="nb", link=LinkToken.new(), at=at,
                          lifetime=LIFETIME, by=members.placement.trainee_id)


def accept(members, role, person, at=NOW):
    invitation = invite(members, role, f"{person}@example.org", at)
    return invitation, members.bind(invitation, person, at)
