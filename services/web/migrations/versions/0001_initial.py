"""web sessions and login transactions

Revision ID: 0001
Revises:

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import portal_kit.db


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('web_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('eid', sa.String(length=20), nullable=True),
    sa.Column('access_token', sa.Text(), nullable=False),
    sa.Column('access_expires_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('refresh_token', sa.Text(), nullable=True),
    sa.Column('id_token', sa.Text(), nullable=True),
    sa.Column('claims', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('refresh_lease_until', portal_kit.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_expires_at'), ['expires_at'], unique=False)

    op.create_table('web_login_transactions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=200), nullable=False),
    sa.Column('nonce', sa.String(length=200), nullable=False),
    sa.Column('code_verifier', sa.String(length=200), nullable=False),
    sa.Column('return_to', sa.String(length=2000), nullable=False),
    sa.Column('eid', sa.String(length=20), nullable=True),
    sa.Column('expires_at', portal_kit.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('web_login_transactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_login_transactions_expires_at'), ['expires_at'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('web_login_transactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_login_transactions_expires_at'))
    op.drop_table('web_login_transactions')
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_expires_at'))
    op.drop_table('web_sessions')
