"""Completion: every required item approved and every attestation given, once."""
from datetime import UTC, datetime

import pytest

from competencies.domain import signoff_events as events
from competencies.domain.completion import ProgrammeCompletion, Requirement, missing
from competencies.domain.signoff import Actor, EnrolmentRef, SignOff
from competencies.domain.signoff_exceptions import ProgrammeNotComplete

NOW = datetime(2027, 9, 1, 9, 0, tzinfo=UTC)
ENROLMENT = EnrolmentRef("enr-1", "kari", "bergen", "lis1", "2025-09")
PROGRAMME = {"enrolment_id": "enr-1", "trainee_id": "kari", "agreement_holder_id": "bergen",
             "programme": "LIS1", "country": "NO", "curriculum": "lis1",
             "curriculum_version": "2025-09"}
TRAINEE = {"hpr_number": "9144889", "authorisation_id": None, "name": "Kari Nordmann"}
REQUIRED = [Requirement("KLK-001", "learning_objective"),
            Requirement("gjennomfort-tjeneste-kommune", "completed_service", "p1")]


def records(with_attestation=True):
    item = SignOff.start("so-1", ENROLMENT, "KLK-001", "learning_objective")
    item.submit("kari", "ola", NOW)
    item.approve(Actor("ola", "leader"), NOW)
    done = [item]
    if with_attestation:
        service = SignOff.start("so-2", ENROLMENT, "gjennomfort-tjeneste-kommune",
                                "completed_service", "p1")
        service.attest(Actor("ola", "leader"), NOW)
        done.append(service)
    return done


def test_the_programme_completes_when_every_item_and_attestation_is_approved():
    done = ProgrammeCompletion.complete(PROGRAMME, TRAINEE, REQUIRED, records(), "urn:uuid:1",
                                        NOW)
    [event] = done.events
    assert isinstance(event, events.ProgrammeCompleted)
    assert [s["code"] for s in event.sign_offs] == ["KLK-001", "gjennomfort-tjeneste-kommune"]
    assert event.trainee["hpr_number"] == "9144889"


def test_the_completed_record_never_carries_a_national_id_number():
    done = ProgrammeCompletion.complete(PROGRAMME, TRAINEE, REQUIRED, records(), "urn:uuid:1",
                                        NOW)
    assert set(done.events[0].trainee) == {"hpr_number", "authorisation_id", "name"}


def test_a_missing_attestation_keeps_the_programme_open():
    assert missing(REQUIRED, records(with_attestation=False)) == [REQUIRED[1]]
    with pytest.raises(ProgrammeNotComplete) as refused:
        ProgrammeCompletion.complete(PROGRAMME, TRAINEE, REQUIRED,
                                     records(with_attestation=False), "urn:uuid:1", NOW)
    assert refused.value.errors == {"missing": ["gjennomfort-tjeneste-kommune"]}


def test_an_attestation_of_another_placement_does_not_count():
    required = [Requirement("gjennomfort-tjeneste-kommune", "completed_service", "p2")]
    assert missing(required, records()) == required
