"""A stand-in for documents' HTTP API (its OpenAPI document's shapes), served over real HTTP,
for the pages' tests: it keeps what it was sent, in the pieces it arrived in, and answers
as documents does (problem details with documents' codes)."""
from __future__ import annotations

import uuid
from typing import Any

from flask import Flask, Response, jsonify, request

from fake_identity import problem

V1 = "/api/documents/v1"
LIMIT = 20 * 1024 * 1024


class FakeDocuments:
    def __init__(self) -> None:
        self.documents: dict[str, dict[str, Any]] = {}
        self.programmes: list[dict[str, Any]] = [
            {"curriculum": "kbu", "curriculum_version": "2017", "country": "DK",
             "programme": "Klinisk basisuddannelse (KBU)", "role": "trainee",
             "enrolment_id": "enr-1"}]
        self.uploads: list[dict[str, Any]] = []
        self.decisions: list[tuple[str, str, Any]] = []
        self.refuse_with: tuple[int, str] | None = None
        self.library: list[dict[str, Any]] = []
        self.app = self._app()

    def document(self, **changes: Any) -> dict[str, Any]:
        found = {"id": str(uuid.uuid4()), "trainee_id": "p-mette", "trainee_name": "Mette Hansen",
                 "enrolment_id": "enr-1", "organisation_id": "org-1",
                 "kind": "course_certificate", "state": "awaiting_confirmation",
                 "description": "Kursus i akut medicin", "filename": "kursusbevis.pdf",
                 "media_type": "application/pdf", "size": 123456, "sha256": "ab" * 32,
                 "curriculum_item": None, "attestation": None,
                 "uploaded_at": "2026-12-01T09:00:00+00:00", "decided_by": None,
                 "decided_at": None, "rejection_reason": None, "ended_at": None, **changes}
        self.documents[found["id"]] = found
        return found

    def _app(self) -> Flask:
        app = Flask("fake-documents")

        @app.post(f"{V1}/documents")
        def upload() -> Any:
            pieces = []
            while block := request.stream.read(65536):
                pieces.append(len(block))
            self.uploads.append({"params": dict(request.args), "pieces": pieces,
                                 "size": sum(pieces), "headers": dict(request.headers)})
            if self.refuse_with:
                return problem(*self.refuse_with)
            return jsonify(self.document(description=request.args.get("description", ""),
                                         filename=request.args.get("filename"),
                                         trainee_id="p-kari")), 201

        @app.get(f"{V1}/uploads/limits")
        def limits() -> Any:
            return jsonify(max_bytes=LIMIT, media_types=["application/pdf", "image/jpeg",
                                                         "image/png"],
                           kinds=["course_certificate", "time_attestation", "other"])

        @app.get(f"{V1}/me/programmes")
        def programmes() -> Any:
            return jsonify(self.programmes)

        @app.get(f"{V1}/me/documents")
        def mine() -> Any:
            return jsonify([d for d in self.documents.values() if d["trainee_id"] == "p-kari"])

        @app.get(f"{V1}/me/awaiting-confirmation")
        def awaiting() -> Any:
            return jsonify([d for d in self.documents.values()
                            if d["trainee_id"] != "p-kari"
                            and d["state"] == "awaiting_confirmation"])

        @app.get(f"{V1}/documents/<document_id>")
        def one(document_id: str) -> Any:
            if document_id not in self.documents:
                return problem(404, "document_not_found")
            return jsonify(self.documents[document_id])

        @app.get(f"{V1}/documents/<document_id>/history")
        def history(document_id: str) -> Any:
            return jsonify([])

        @app.get(f"{V1}/documents/<document_id>/content")
        def content(document_id: str) -> Any:
            found = self.documents[document_id]
            return Response(b"%PDF-1.7 scanned", mimetype=found["media_type"], headers={
                "Content-Disposition": f'attachment; filename="{found["filename"]}"',
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; sandbox"})

        @app.post(f"{V1}/documents/<document_id>/<action>")
        def decide(document_id: str, action: str) -> Any:
            if self.refuse_with:
                return problem(*self.refuse_with)
            self.decisions.append((document_id, action, request.get_json(silent=True)))
            found = self.documents[document_id]
            found["state"] = {"confirm": "confirmed", "reject": "rejected",
                              "withdraw": "withdrawn"}[action]
            return jsonify(found)

        @app.get(f"{V1}/library/<curriculum>/<version>/files")
        def library(curriculum: str, version: str) -> Any:
            return jsonify(self.library)

        @app.post(f"{V1}/library/<curriculum>/<version>/files")
        def publish(curriculum: str, version: str) -> Any:
            size = len(request.stream.read())
            self.uploads.append({"params": dict(request.args), "size": size,
                                 "path": request.path})
            if self.refuse_with:
                return problem(*self.refuse_with)
            return jsonify({}), 201

        return app
