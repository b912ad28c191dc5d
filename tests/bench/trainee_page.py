"""The trainee's own curriculum page (/programmes/mine) for `make bench`'s page phase.

Mette Jensen (the development seed's KBU trainee in Region Hovedstaden) is enrolled on KBU
by the operator through the API, as tests/e2e/test_programme_slice.py enrols her: the
region's agreement signed, then a current placement at Lægehuset Nørrebro (kbu-2). Then she
logs in through the development eID (MitID) as a browser does, the registration form at
first login (tests/bench/web_session.py), and the page is loaded with her session cookie.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import requests
import stack as portal
from web_session import WebPage

MINE = "/programmes/mine"
IDENTITY, COMPETENCIES = "/api/identity/v1", "/api/competencies/v1"
REGION, PRACTICE = "1084", "Lægehuset Nørrebro"
TRAINEE = ("mette-jensen", "nemlogin", "Mette", "Jensen")


class TraineePage(WebPage):
    names = ("Mette", "Jensen")

    @classmethod
    def trainee(cls, stack: portal.Stack, person: str, eid: str,
                names: tuple[str, str]) -> TraineePage:
        """Logged in (and registered at first login) as ``person`` through ``eid``."""
        page = cls(stack.origin.replace("127.0.0.1", "localhost"), requests.Session(), {})
        page.names = names
        page.login(eid, person, MINE)
        return page


def enrolled_trainee(stack: portal.Stack, operator: dict[str, str]) -> TraineePage:
    """Mette enrolled on KBU with a current placement, logged in; her page checked once."""
    base = stack.origin
    holder = next(o["id"] for o in _get(base, f"{IDENTITY}/organisations?kind=region", operator)
                  if o.get("code") == REGION)
    signed = requests.post(f"{base}{IDENTITY}/organisations/{holder}/agreement/sign",
                           headers=operator, json={"signatory_name": "Bench"}, timeout=10)
    assert signed.status_code in (200, 201, 409), signed.text
    people = {p["given_name"]: p["id"]
              for p in _get(base, f"{IDENTITY}/organisations/{holder}/people", operator)}
    practice = next(o["id"] for o in _get(base, f"{IDENTITY}/organisations?holder_id={holder}",
                                          operator) if o["name"] == PRACTICE)
    _eventually(lambda: (_answered(base, f"{COMPETENCIES}/organisations/{holder}/agreement",
                                   operator) or {}).get("in_force"))
    _eventually(lambda: _answered(base, f"{COMPETENCIES}/places/{practice}/tutors", operator))
    today = date.today()
    enrolment = _eventually(lambda: (r := requests.post(
        f"{base}{COMPETENCIES}/enrolments", headers=operator, timeout=10, json={
            "trainee_id": people["Mette"], "curriculum": "kbu", "agreement_holder_id": holder,
            "starts_on": (today - timedelta(days=10)).isoformat()})).status_code == 201
        and r.json())
    placed = requests.post(
        f"{base}{COMPETENCIES}/enrolments/{enrolment['enrolment_id']}/placements",
        headers=operator, timeout=10, json={
            "place_id": practice, "element": "kbu-2",
            "starts_on": (today - timedelta(days=10)).isoformat(),
            "ends_on": (today + timedelta(days=170)).isoformat()})
    assert placed.status_code == 201, placed.text
    assert placed.json()["state"] == "current", placed.json()
    page = TraineePage.trainee(stack, *TRAINEE[:2], TRAINEE[2:])
    shown = page.get(MINE)
    assert shown.status_code == 200 and "KBU-K" in shown.text, (shown.status_code,
                                                                 shown.text[:300])
    return page


def _get(base: str, path: str, headers: dict[str, str]) -> Any:
    answer = requests.get(f"{base}{path}", headers=headers, timeout=10)
    answer.raise_for_status()
    return answer.json()


def _answered(base: str, path: str, headers: dict[str, str]) -> Any:
    answer = requests.get(f"{base}{path}", headers=headers, timeout=10)
    return answer.json() if answer.status_code == 200 else None


def _eventually(check: Callable[[], Any], timeout: float = 90.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := check()):
        if time.monotonic() > deadline:
            raise TimeoutError("the portal did not get there in time")
        time.sleep(0.2)
    return found
