"""documents, curriculum file library, relations projection, audit log

Revision ID: 0003
Revises: 0002
The audit log is append-only: the database refuses UPDATE and DELETE of its rows.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import portal_kit.db
from portal_kit.audit_log import append_only, drop_append_only


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('approver_grants',
    sa.Column('grant_id', sa.String(length=100), nullable=False),
    sa.Column('trainee_id', sa.String(length=64), nullable=False),
    sa.Column('approver_id', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('enrolment_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('grant_id')
    )
    with op.batch_alter_table('approver_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approver_grants_approver_id'), ['approver_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_approver_grants_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('on_behalf_of', sa.String(length=200), nullable=True),
    sa.Column('action', sa.String(length=100), nullable=False),
    sa.Column('subject_type', sa.String(length=100), nullable=False),
    sa.Column('subject_id', sa.String(length=200), nullable=False),
    sa.Column('trainee_id', sa.String(length=200), nullable=True),
    sa.Column('organisation_id', sa.String(length=200), nullable=True),
    sa.Column('from_state', sa.String(length=100), nullable=True),
    sa.Column('to_state', sa.String(length=100), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('correlation_id', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_log_subject', ['subject_type', 'subject_id'], unique=False)
        batch_op.create_index('ix_audit_log_trainee_id', ['trainee_id'], unique=False)

    append_only(op)

    op.create_table('documents',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('trainee_id', sa.String(length=64), nullable=False),
    sa.Column('enrolment_id', sa.String(length=36), nullable=False),
    sa.Column('organisation_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.Enum('course_certificate', 'time_attestation', 'other', name='document_kind', native_enum=False, length=32), nullable=False),
    sa.Column('description', sa.String(length=1000), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=True),
    sa.Column('media_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=32), nullable=True),
    sa.Column('curriculum_item', sa.String(length=64), nullable=True),
    sa.Column('attestation', sa.String(length=64), nullable=True),
    sa.Column('uploaded_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.Enum('awaiting_confirmation', 'confirmed', 'rejected', 'withdrawn', 'erased', name='document_state', native_enum=False, length=32), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', portal_kit.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('rejection_reason', sa.String(length=1000), nullable=True),
    sa.Column('ended_at', portal_kit.db.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('storage_key')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('library_files',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('curriculum', sa.String(length=64), nullable=False),
    sa.Column('curriculum_version', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('category', sa.Enum('form', 'assessment_card', 'qualification_card', 'other', name='library_category', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('library_files', schema=None) as batch_op:
        batch_op.create_index('ix_library_files_curriculum', ['curriculum', 'curriculum_version'], unique=False)

    op.create_table('trainee_enrolments',
    sa.Column('enrolment_id', sa.String(length=36), nullable=False),
    sa.Column('trainee_id', sa.String(length=64), nullable=False),
    sa.Column('curriculum', sa.String(length=64), nullable=False),
    sa.Column('curriculum_version', sa.String(length=32), nullable=False),
    sa.Column('programme', sa.String(length=300), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('agreement_holder_id', sa.String(length=36), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('enrolment_id')
    )
    with op.batch_alter_table('trainee_enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainee_enrolments_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('trainee_placements',
    sa.Column('placement_id', sa.String(length=36), nullable=False),
    sa.Column('enrolment_id', sa.String(length=36), nullable=False),
    sa.Column('trainee_id', sa.String(length=64), nullable=False),
    sa.Column('agreement_holder_id', sa.String(length=36), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('placement_id')
    )
    with op.batch_alter_table('trainee_placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trainee_placements_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('library_file_versions',
    sa.Column('file_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=32), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('published_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['library_files.id'], ),
    sa.PrimaryKeyConstraint('file_id', 'number'),
    sa.UniqueConstraint('storage_key')
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('library_file_versions')
    with op.batch_alter_table('trainee_placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainee_placements_trainee_id'))

    op.drop_table('trainee_placements')
    with op.batch_alter_table('trainee_enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trainee_enrolments_trainee_id'))

    op.drop_table('trainee_enrolments')
    with op.batch_alter_table('library_files', schema=None) as batch_op:
        batch_op.drop_index('ix_library_files_curriculum')

    op.drop_table('library_files')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_documents_state'))
        batch_op.drop_index(batch_op.f('ix_documents_organisation_id'))

    op.drop_table('documents')
    drop_append_only(op)
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_trainee_id')
        batch_op.drop_index('ix_audit_log_subject')
        batch_op.drop_index('ix_audit_log_at')

    op.drop_table('audit_log')
    with op.batch_alter_table('approver_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approver_grants_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_approver_grants_approver_id'))

    op.drop_table('approver_grants')
