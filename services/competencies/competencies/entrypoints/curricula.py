"""Curricula over HTTP: the loaded versions, and one version with its groups and items."""
from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Request

from competencies.schemas import http as schemas
from competencies.service_layer import curricula
from portal_kit.http import api, load_query

V1 = "/api/competencies/v1"
TAGS = ("curricula",)


class CurriculumEndpoints:
    runtime: Any

    @api("GET", f"{V1}/curricula", summary="Every loaded curriculum version, and which one "
         "new enrolments get today (current)", auth="person", query=schemas.CurriculaQuery(),
         response=schemas.CurriculumSummaryOut(many=True), tags=TAGS)
    def curricula(self, request: Request) -> list:
        self.runtime.authenticate(request)
        query = load_query(request, schemas.CurriculaQuery())
        return schemas.CurriculumSummaryOut(many=True).dump(self.runtime.query(
            curricula.summaries, clock=self.runtime.extras["clock"], **query))

    @api("GET", f"{V1}/curricula/<curriculum>/<version>", summary="One curriculum version "
         "with its groups (plans, phases, roles) and items", auth="person",
         response=schemas.CurriculumOut(), tags=TAGS,
         responses={404: "No such version (curriculum_version_unknown)"})
    def curriculum(self, request: Request, curriculum: str, version: str) -> dict:
        self.runtime.authenticate(request)
        return schemas.CurriculumOut().dump(self.runtime.query(
            curricula.detail, clock=self.runtime.extras["clock"], curriculum=curriculum,
            version=version))
