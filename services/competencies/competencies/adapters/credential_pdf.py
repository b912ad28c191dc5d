"""The completion record as a PDF: the same content as the credential, and a QR code with
the verification URL and the credential's digest (a QR code cannot hold the record)."""
from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import segno
from fpdf import FPDF

HEAD = 130  # mm: the header's text stays left of the QR code
NEXT: dict[str, Any] = {"new_x": "LMARGIN", "new_y": "NEXT"}
REPLACEMENTS = {"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def _text(value: Any) -> str:
    text = str(value if value is not None else "-")
    for old, new in REPLACEMENTS.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def qr_payload(verification_url: str, credential_digest: str) -> str:
    return f"{verification_url}?digest={credential_digest}"


def render(record: Mapping[str, Any], verification_url: str, credential_digest: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_text(f"Completion record: {record['programme']}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(HEAD, 9, _text(record["programme"]), **NEXT)
    pdf.set_font("Helvetica", size=11)
    trainee = record["trainee"]
    number = trainee["hpr_number"] and f"HPR {trainee['hpr_number']}" or (
        f"Autorisations-id {trainee['authorisation_id']}")
    for line in (f"{trainee['name']} ({number})",
                 f"Curriculum {record['curriculum']} {record['curriculum_version']}, "
                 f"{record['country']}", f"Completed {record['completed_at']}",
                 f"Credential {record['credential_id']}"):
        pdf.multi_cell(HEAD, 6, _text(line), **NEXT)
    qr = io.BytesIO()
    segno.make(qr_payload(verification_url, credential_digest), error="m").save(
        qr, kind="png", scale=4, border=2)
    qr.seek(0)
    pdf.image(qr, x=150, y=12, w=45)
    pdf.set_y(max(pdf.get_y(), 62))
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, _text(f"Sign-offs ({len(record['sign_offs'])})"), **NEXT)
    pdf.set_font("Helvetica", size=9)
    for s in record["sign_offs"]:
        where = f" [{s['placement_id']}]" if s["placement_id"] else ""
        pdf.multi_cell(0, 5, _text(f"{s['code']}{where}  {s['kind']}  {s['approved_at']}  "
                                   f"{s['role']} {s['approved_by']}"), **NEXT)
    pdf.ln(4)
    pdf.multi_cell(0, 5, _text(f"Verify: {verification_url} (digest {credential_digest})"),
                   **NEXT)
    return bytes(pdf.output())
