"""digest items and the per-person-per-day digest claim

Revision ID: 0004
Revises: 0003

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import portal_kit.db


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('digest_items',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.String(length=100), nullable=False),
    sa.Column('message_key', sa.String(length=300), nullable=False),
    sa.Column('source_event_id', sa.String(length=200), nullable=False),
    sa.Column('organisation_id', sa.String(length=100), nullable=True),
    sa.Column('trainee_name', sa.String(length=300), nullable=False),
    sa.Column('item_title', sa.String(length=500), nullable=False),
    sa.Column('link', sa.String(length=2000), nullable=False),
    sa.Column('created_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('digest_id', sa.String(length=36), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('message_key', 'person_id', name='uq_digest_item_per_message')
    )
    with op.batch_alter_table('digest_items', schema=None) as batch_op:
        batch_op.create_index('ix_digest_items_waiting', ['digest_id', 'person_id'],
                              unique=False)
    op.create_table('digests',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.String(length=100), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('created_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('person_id', 'local_date', name='uq_digest_per_person_and_day')
    )


def downgrade() -> None:
    op.drop_table('digests')
    with op.batch_alter_table('digest_items', schema=None) as batch_op:
        batch_op.drop_index('ix_digest_items_waiting')
    op.drop_table('digest_items')
