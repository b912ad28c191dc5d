"""paper evidence: documents' events as competencies keeps them

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 16:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import portal_kit.db


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('evidence_documents',
    sa.Column('document_id', sa.String(length=36), nullable=False),
    sa.Column('enrolment_id', sa.String(length=36), nullable=False),
    sa.Column('trainee_id', sa.String(length=200), nullable=False),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('changed_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=True),
    sa.Column('curriculum_item', sa.String(length=100), nullable=True),
    sa.Column('attestation', sa.String(length=100), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('decided_at', portal_kit.db.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('document_id')
    )
    op.create_index('ix_evidence_documents_enrolment', 'evidence_documents',
                    ['enrolment_id', 'state'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_evidence_documents_enrolment', table_name='evidence_documents')
    op.drop_table('evidence_documents')
