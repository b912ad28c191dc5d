"""A LIS1 year's sign-offs on the running portal, for the e2e and browser stories: tokens of
the seeded people (signed with identity's development key under its issuer, so every service
trusts them as a real login's), the plan items a LIS1 enrolment must have approved, and the
bulk of klarmelding and recommendations through the HTTP API, as the web pages send them."""
from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import requests
from portal_tokens import portal_factory

COMPETENCIES = "/api/competencies/v1"
# LIS1: 12 months in hospital (two 6-month placements), then 6 months in a municipality
HOSPITAL = ("sykehus-indremedisin", "sykehus-kirurgi")


def people_tokens(portal):
    """``as_person(person_id)``: the headers of that person logged in at HelseID level 4."""
    factory = portal_factory(portal.public_url, portal.logs.parent)

    def as_person(person_id: str) -> dict[str, str]:
        return factory.headers(subject=person_id, assurance="high", lifetime=900)
    return as_person


def lis1_year(today: date, municipality_days_left: int = 40) -> dict[str, tuple[date, date]]:
    """Placement dates: two hospital halves already served, the municipality ending soon."""
    kommune_ends = today + timedelta(days=municipality_days_left)
    kommune_starts = kommune_ends - timedelta(days=182)
    kirurgi_ends = kommune_starts - timedelta(days=1)
    kirurgi_starts = kirurgi_ends - timedelta(days=182)
    indremedisin_ends = kirurgi_starts - timedelta(days=1)
    return {"sykehus-indremedisin": (indremedisin_ends - timedelta(days=182), indremedisin_ends),
            "sykehus-kirurgi": (kirurgi_starts, kirurgi_ends),
            "kommune": (kommune_starts, kommune_ends)}


def required_items(progress: dict) -> list[str]:
    """The codes of the items the enrolment's progress names as still missing."""
    return [m["code"] for m in progress["missing"] if m["placement_id"] is None]


def progress(portal, enrolment_id: str, headers: dict[str, str]) -> dict:
    answer = requests.get(f"{portal.url}{COMPETENCIES}/enrolments/{enrolment_id}/progress",
                          headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()


def post(portal, path: str, headers: dict[str, str], body: dict | None = None) -> dict:
    answer = requests.post(f"{portal.url}{COMPETENCIES}{path}", headers=headers,
                           json=body or {}, timeout=30)
    assert answer.status_code in (200, 201), f"{path}: {answer.text}"
    return answer.json()


def ready_and_recommended(portal, enrolment_id: str, codes: Iterable[str],
                          trainee: dict[str, str], recommenders: Iterable[dict[str, str]],
                          at_once: int = 4) -> None:
    """Each item marked ready by the trainee, then recommended by each recommender (the
    advisor and a supervisor), one request each as the pages send them; ``at_once`` items
    in flight, as several people at their own screens would be."""
    recommenders = list(recommenders)

    def one(code: str) -> None:
        item = f"/enrolments/{enrolment_id}/items/{code}"
        post(portal, f"{item}/submit", trainee)
        for headers in recommenders:
            post(portal, f"{item}/recommend", headers)
    with ThreadPoolExecutor(at_once) as pool:
        list(pool.map(one, codes))
