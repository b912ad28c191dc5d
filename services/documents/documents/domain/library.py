"""The curriculum file library: the programme's forms and cards, per curriculum version.

Administrators publish the files a programme's people work with — assessment
forms, competency assessment cards (kompetencevurderingskort, the "KBU files"),
qualification cards (kvalifikationskort, the "specialty-specific files") — for a
curriculum version. Publishing a file again adds a version; earlier versions stay
listed and downloadable, so what a trainee was assessed with can be found later.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from documents.domain.model import StoredFile


class LibraryCategory(str, Enum):
    FORM = "form"
    ASSESSMENT_CARD = "assessment_card"
    QUALIFICATION_CARD = "qualification_card"
    OTHER = "other"


@dataclass(eq=False)
class LibraryFileVersion:
    file_id: str
    number: int
    storage_key: str
    filename: str
    media_type: str
    size: int
    sha256: str
    published_at: datetime
    published_by: str


@dataclass(eq=False)
class LibraryFile:
    id: str
    curriculum: str
    curriculum_version: str
    title: str
    category: LibraryCategory
    created_at: datetime
    created_by: str
    versions: list[LibraryFileVersion] = field(default_factory=list)

    @classmethod
    def publish_new(cls, *, curriculum: str, curriculum_version: str, title: str,
                    category: LibraryCategory, stored: StoredFile, at: datetime,
                    actor: str) -> LibraryFile:
        library_file = cls(str(uuid.uuid4()), curriculum, curriculum_version, title, category,
                           at, actor)
        library_file.publish(stored, at, actor)
        return library_file

    def publish(self, stored: StoredFile, at: datetime, actor: str) -> LibraryFileVersion:
        """A new version of the file; the earlier ones stay in its history."""
        version = LibraryFileVersion(self.id, len(self.versions) + 1, stored.storage_key,
                                     stored.filename, stored.media_type, stored.size,
                                     stored.sha256, at, actor)
        self.versions.append(version)
        return version

    @property
    def current(self) -> LibraryFileVersion:
        return max(self.versions, key=lambda v: v.number)

    def version(self, number: int) -> LibraryFileVersion | None:
        return next((v for v in self.versions if v.number == number), None)
