from __future__ import annotations

from marshmallow import Schema, fields


class AgreementOut(Schema):
    organisation_id = fields.String()
    organisation_name = fields.String()
    agreement_version = fields.Integer()
    in_force = fields.Boolean()
    may_record_sign_offs = fields.Boolean()
    changed_at = fields.AwareDateTime()
