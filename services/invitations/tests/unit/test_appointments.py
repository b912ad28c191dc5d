"""Vejleder appointments: the window, "Aktiv" (which trainees), changes and the end."""
from datetime import UTC, date, datetime

import pytest

from invitations.domain import events
from invitations.domain.appointments import Appointment, Scope, Window
from invitations.domain.exceptions import AppointmentEnded, WindowInvalid

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
TODAY = date(2027, 3, 1)


def appointment(person_id="anne", window=Window(date(2027, 3, 1), date(2027, 6, 30)),
                scope=Scope(False, ("mette",))):
    return Appointment.make(
        tutor_id="soren", place_id="practice", organisation_id="hovedstaden",
        authorisation_id="ABC12", given_name="Anne", family_name="Larsen",
        email="anne@example.dk", mobile="+4512345678", window=window, scope=scope,
        send_access_email=True, person_id=person_id, at=NOW)


def test_an_end_before_the_start_is_refused():
    with pytest.raises(WindowInvalid):
        Window(date(2027, 6, 30), date(2027, 3, 1))


def test_each_chosen_trainee_gets_a_vejleder_relationship_in_the_window():
    made = appointment(scope=Scope(False, ("mette", "jonas")))
    granted = made.reconcile({"mette", "jonas", "freja"}, [], TODAY, NOW, "soren")
    assert [(r.trainee_id, r.role, r.valid_from, r.valid_to) for r in granted] == [
        ("jonas", "vejleder", date(2027, 3, 1), date(2027, 6, 30)),
        ("mette", "vejleder", date(2027, 3, 1), date(2027, 6, 30))]
    assert isinstance(made.events[0], events.AppointmentMade)


def test_access_holds_only_inside_the_window():
    granted = appointment().reconcile({"mette"}, [], TODAY, NOW, "soren")[0]
    assert granted.in_force(date(2027, 3, 1)) and granted.in_force(date(2027, 6, 30))
    assert not granted.in_force(date(2027, 2, 28)) and not granted.in_force(date(2027, 7, 1))


def test_without_a_window_access_starts_today_and_has_no_end():
    granted = appointment(window=Window(None, None)).reconcile({"mette"}, [], TODAY, NOW, "s")[0]
    assert (granted.valid_from, granted.valid_to) == (TODAY, None)
    assert granted.in_force(date(2099, 1, 1))


def test_a_person_without_a_profile_gets_access_once_they_are_known():
    made = appointment(person_id=None)
    assert made.reconcile({"mette"}, [], TODAY, NOW, "soren") == []
    made.person_id = "anne"
    assert [r.person_id for r in made.reconcile({"mette"}, [], TODAY, NOW, "system")] == [
        "anne"]


def test_changing_the_window_changes_each_relationship_with_a_new_version():
    made = appointment()
    existing = made.reconcile({"mette"}, [], TODAY, NOW, "soren")
    made.change(Window(date(2027, 3, 1), date(2027, 4, 30)), Scope(False, ("mette",)), NOW,
                "soren")
    assert made.reconcile({"mette"}, existing, TODAY, NOW, "soren") == []
    assert (existing[0].valid_to, existing[0].version) == (date(2027, 4, 30), 2)
    assert isinstance(existing[0].events[-1], events.RelationshipChanged)


def test_a_trainee_taken_off_the_appointment_loses_access():
    made = appointment(scope=Scope(False, ("mette", "jonas")))
    existing = made.reconcile({"mette", "jonas"}, [], TODAY, NOW, "soren")
    made.change(Window(None, date(2027, 6, 30)), Scope(False, ("mette",)), NOW, "soren")
    made.reconcile({"mette", "jonas"}, existing, TODAY, NOW, "soren")
    assert {r.trainee_id: (r.state, r.end_reason) for r in existing} == {
        "jonas": ("ended", "trainee_removed"), "mette": ("active", None)}


def test_a_chosen_trainee_whose_placement_at_the_practice_ended_loses_the_vejleder():
    made = appointment(scope=Scope(False, ("mette", "jonas")))
    existing = made.reconcile({"mette", "jonas"}, [], TODAY, NOW, "soren")
    made.reconcile({"mette"}, existing, TODAY, NOW, "system")
    assert {r.trainee_id: (r.state, r.end_reason) for r in existing} == {
        "jonas": ("ended", "placement_ended"), "mette": ("active", None)}
    assert isinstance(existing[0].events[-1], events.RelationshipEnded)


def test_a_cancelled_placement_ends_the_vejleder_with_that_reason():
    made = appointment(scope=Scope(True))
    existing = made.reconcile({"mette"}, [], TODAY, NOW, "soren")
    made.reconcile(set(), existing, TODAY, NOW, "system", left="placement_cancelled")
    assert (existing[0].state, existing[0].end_reason) == ("ended", "placement_cancelled")


def test_a_chosen_trainee_not_placed_at_the_practice_gets_no_vejleder():
    assert appointment().reconcile({"jonas"}, [], TODAY, NOW, "soren") == []


def test_ending_the_appointment_ends_every_relationship_and_it_cannot_change_after():
    made = appointment()
    existing = made.reconcile({"mette"}, [], TODAY, NOW, "soren")
    made.end(NOW, "soren", None)
    made.reconcile({"mette"}, existing, TODAY, NOW, "soren")
    assert existing[0].state == "ended" and existing[0].end_reason == "appointment_ended"
    with pytest.raises(AppointmentEnded):
        made.change(Window(None, None), Scope(True), NOW, "soren")
    assert [a.action for a in made.audit] == ["appointment.made", "appointment.ended"]
