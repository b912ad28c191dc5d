"""HTTP entrypoints for the curriculum file library: publish (streamed), list, download."""
from __future__ import annotations

import re
from typing import Any

from werkzeug.wrappers import Request, Response

from documents.domain import commands
from documents.domain.exceptions import LibraryFileNotFound
from documents.domain.library import LibraryCategory
from documents.entrypoints.actors import actor_of
from documents.entrypoints.bodies import read_upload, refusing_unread
from documents.entrypoints.downloads import BINARY_RESPONSE, streamed
from documents.entrypoints.uploads import REFUSALS, upload_content
from documents.schemas import http as schemas
from documents.service_layer import views
from portal_kit.http import api, follow

V1 = "/api/documents/v1"
PUBLISH_LIBRARY_FILE_LINKS = follow("file_id", "$response.body#/id",
                                    "library_file_content", "publish_library_version")
PUBLISH_LIBRARY_VERSION_LINKS = follow("file_id", "$response.body#/id",
                                       "library_file_content", "publish_library_version")
FILE = schemas.LibraryFileOut()
FILES = schemas.LibraryFileOut(many=True)
NEW_FILE = schemas.LibraryUploadFields()
NEW_VERSION = schemas.LibraryVersionFields()
PUBLISH = {**REFUSALS, 403: "Not an administrator (or the operator)"}
READ = {403: "Not in this programme", 404: "No such file or version"}
CURRICULUM = re.compile(schemas.CURRICULUM.regex.pattern)
VERSION = re.compile(schemas.VERSION.regex.pattern)


class LibraryEndpoints:
    runtime: Any

    def _actor(self, request: Request) -> Any:
        return actor_of(self.runtime.authenticate(request))

    @api("POST", f"{V1}/library/<curriculum>/<version>/files", summary="Publish a file in "
         "a curriculum version's library (administrators): a form, assessment card or "
         "qualification card; streamed like an upload", request_content=upload_content(
             NEW_FILE), query=NEW_FILE, response=FILE, status=201, auth="person",
         tags=("library",), responses=PUBLISH, links=PUBLISH_LIBRARY_FILE_LINKS)
    def publish_library_file(self, request: Request, curriculum: str,
                             version: str) -> tuple[int, dict]:
        with refusing_unread(request) as raw:
            actor = self._actor(request)
            _check_path(curriculum, version)
            upload = read_upload(request, raw)
            found = NEW_FILE.load(upload.fields)
            published = self.runtime.handle(commands.PublishLibraryFile(
                actor, upload.body, curriculum, version, found["title"],
                LibraryCategory(found["category"])))
        return 201, FILE.dump(published)

    @api("POST", f"{V1}/library/files/<file_id>/versions", summary="Publish a new version "
         "of a library file (administrators); earlier versions stay in its history",
         request_content=upload_content(NEW_VERSION), query=NEW_VERSION, response=FILE,
         status=201, auth="person", tags=("library",),
         responses={**PUBLISH, 404: "No such library file"}, links=PUBLISH_LIBRARY_VERSION_LINKS)
    def publish_library_version(self, request: Request, file_id: str) -> tuple[int, dict]:
        with refusing_unread(request) as raw:
            actor = self._actor(request)
            upload = read_upload(request, raw)
            NEW_VERSION.load(upload.fields)
            published = self.runtime.handle(commands.PublishLibraryVersion(
                actor, upload.body, file_id))
        return 201, FILE.dump(published)

    @api("GET", f"{V1}/me/programmes", summary="My programmes: my own enrolments (for an "
         "upload's enrolment_id), and those of the trainees I follow now (their libraries)",
         response=schemas.ProgrammeOut(many=True), auth="person", tags=("library",))
    def my_programmes(self, request: Request) -> list:
        return schemas.ProgrammeOut(many=True).dump(self.runtime.query(
            views.my_programmes, actor=self._actor(request)))

    @api("GET", f"{V1}/library/<curriculum>/<version>/files", summary="The curriculum "
         "version's library: every file with its current version and history",
         response=FILES, auth="person", tags=("library",), responses=READ)
    def library_files(self, request: Request, curriculum: str, version: str) -> list:
        actor = self._actor(request)
        _check_path(curriculum, version)
        return FILES.dump(self.runtime.query(views.library, actor=actor,
                                             curriculum=curriculum, version=version))

    @api("GET", f"{V1}/library/files/<file_id>/content", summary="Download a library file's "
         "current version", response_content=BINARY_RESPONSE, auth="person",
         tags=("library",), responses=READ)
    def library_file_content(self, request: Request, file_id: str) -> Response:
        return streamed(self.runtime.handle(commands.OpenLibraryFile(self._actor(request),
                                                                     file_id)))

    @api("GET", f"{V1}/library/files/<file_id>/versions/<int:number>/content",
         summary="Download one version of a library file", response_content=BINARY_RESPONSE,
         auth="person", tags=("library",), responses=READ)
    def library_version_content(self, request: Request, file_id: str,
                                number: int) -> Response:
        return streamed(self.runtime.handle(commands.OpenLibraryFile(
            self._actor(request), file_id, number)))


def _check_path(curriculum: str, version: str) -> None:
    if not CURRICULUM.match(curriculum) or not VERSION.match(version):
        raise LibraryFileNotFound("No such curriculum version.", code="curriculum_not_found")
